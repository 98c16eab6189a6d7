//! A JavaScript value in the host options' terms ([`Value`]): what the embed's options and a
//! fetched catalog ([`crate::i18n::fetched`]) are read as before they are checked.

use js_sys::Object;
use wasm_bindgen::{JsCast, JsValue};

use super::options::Value;

/// A JavaScript value in the options' terms (`null` and `undefined` are described, not absent);
/// a plain object is read three levels deep (`messages`: tag, key, plural form).
pub fn value(v: &JsValue) -> Value {
    value_at(v, 0)
}

fn value_at(v: &JsValue, depth: u8) -> Value {
    if let Some(s) = v.as_string() {
        Value::Str(s)
    } else if let Some(n) = v.as_f64() {
        Value::Num(n)
    } else if v.is_function() {
        Value::Func
    } else if js_sys::Array::is_array(v) {
        Value::List(
            v.unchecked_ref::<js_sys::Array>()
                .iter()
                .map(|i| value_at(&i, depth + 1))
                .collect(),
        )
    } else if v.is_object() && depth < 3 {
        let entries = Object::entries(v.unchecked_ref());
        Value::Map(
            entries
                .iter()
                .map(|e| {
                    let e: js_sys::Array = e.unchecked_into();
                    let key = e.get(0).as_string().unwrap_or_default();
                    (key, value_at(&e.get(1), depth + 1))
                })
                .collect(),
        )
    } else {
        Value::Other(if v.is_null() {
            "null"
        } else if v.is_undefined() {
            "undefined"
        } else if v.as_bool().is_some() {
            "a boolean"
        } else {
            "an object"
        })
    }
}
