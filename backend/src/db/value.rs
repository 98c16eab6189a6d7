//! What statements take and answer, alike for both engines: arguments ([`Arg`], written
//! with [`params!`]), values read back ([`Value`]) and rows ([`Row`], [`Rows`]).

use super::{Error, Result};
use crate::domain::Timestamp;

/// A statement's argument.
#[derive(Clone, Copy, Debug)]
pub enum Arg<'a> {
    Null,
    Int(i64),
    Text(&'a str),
    Blob(&'a [u8]),
    /// A time, bound as its stored text ([`Timestamp`]'s form).
    Time(Timestamp),
}

/// What can be a statement's argument.
pub trait ToArg {
    fn to_arg(&self) -> Arg<'_>;
}

impl ToArg for str {
    fn to_arg(&self) -> Arg<'_> {
        Arg::Text(self)
    }
}
impl ToArg for String {
    fn to_arg(&self) -> Arg<'_> {
        Arg::Text(self)
    }
}
impl ToArg for [u8] {
    fn to_arg(&self) -> Arg<'_> {
        Arg::Blob(self)
    }
}
impl ToArg for Vec<u8> {
    fn to_arg(&self) -> Arg<'_> {
        Arg::Blob(self)
    }
}
impl ToArg for i64 {
    fn to_arg(&self) -> Arg<'_> {
        Arg::Int(*self)
    }
}
impl ToArg for bool {
    fn to_arg(&self) -> Arg<'_> {
        Arg::Int(*self as i64)
    }
}
impl ToArg for Timestamp {
    fn to_arg(&self) -> Arg<'_> {
        Arg::Time(*self)
    }
}
impl<T: ToArg + ?Sized> ToArg for &T {
    fn to_arg(&self) -> Arg<'_> {
        (**self).to_arg()
    }
}
impl<T: ToArg> ToArg for Option<T> {
    fn to_arg(&self) -> Arg<'_> {
        match self {
            Some(v) => v.to_arg(),
            None => Arg::Null,
        }
    }
}

/// `params![a, b]`: a statement's arguments, as rusqlite spells them.
#[macro_export]
macro_rules! params {
    () => { &[] as &[&dyn $crate::db::ToArg] };
    ($($x:expr),+ $(,)?) => { &[$(&$x as &dyn $crate::db::ToArg),+] as &[&dyn $crate::db::ToArg] };
}

pub type Params<'a> = &'a [&'a dyn ToArg];

/// A value read from a row.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

impl Value {
    /// What it holds, for a message (never the value itself: it may be a hash or a secret's).
    fn kind(&self) -> &'static str {
        match self {
            Value::Null => "NULL",
            Value::Int(_) => "an integer",
            Value::Real(_) => "a real number",
            Value::Text(_) => "text",
            Value::Blob(_) => "bytes",
        }
    }
}

/// What a column can be read as.
pub trait FromValue: Sized {
    fn from_value(v: &Value) -> Result<Self>;
}

fn wrong(v: &Value, want: &str) -> Error {
    Error::Type(format!("read as {want}, holds {}", v.kind()))
}

impl FromValue for String {
    fn from_value(v: &Value) -> Result<Self> {
        match v {
            Value::Text(s) => Ok(s.clone()),
            _ => Err(wrong(v, "text")),
        }
    }
}
impl FromValue for i64 {
    fn from_value(v: &Value) -> Result<Self> {
        match v {
            Value::Int(n) => Ok(*n),
            _ => Err(wrong(v, "an integer")),
        }
    }
}
impl FromValue for bool {
    fn from_value(v: &Value) -> Result<Self> {
        match v {
            Value::Int(n) => Ok(*n != 0),
            _ => Err(wrong(v, "a boolean")),
        }
    }
}
impl FromValue for Vec<u8> {
    fn from_value(v: &Value) -> Result<Self> {
        match v {
            Value::Blob(b) => Ok(b.clone()),
            _ => Err(wrong(v, "bytes")),
        }
    }
}
impl FromValue for Timestamp {
    fn from_value(v: &Value) -> Result<Self> {
        match v {
            Value::Text(s) => Timestamp::parse(s).ok_or_else(|| wrong(v, "a time")),
            _ => Err(wrong(v, "a time")),
        }
    }
}
impl<T: FromValue> FromValue for Option<T> {
    fn from_value(v: &Value) -> Result<Self> {
        match v {
            Value::Null => Ok(None),
            v => T::from_value(v).map(Some),
        }
    }
}

/// A column of a row: by position or by name.
pub trait ColumnIndex {
    fn index(&self, names: &[String]) -> Result<usize>;
}
impl ColumnIndex for usize {
    fn index(&self, names: &[String]) -> Result<usize> {
        (*self < names.len())
            .then_some(*self)
            .ok_or_else(|| Error::Type(format!("no column {self}")))
    }
}
impl ColumnIndex for &str {
    fn index(&self, names: &[String]) -> Result<usize> {
        names
            .iter()
            .position(|n| n == self)
            .ok_or_else(|| Error::Type(format!("no column {self}")))
    }
}

/// One row of an answer.
pub struct Row<'a> {
    names: &'a [String],
    values: &'a [Value],
}

impl Row<'_> {
    pub fn get<T: FromValue>(&self, at: impl ColumnIndex) -> Result<T> {
        let i = at.index(self.names)?;
        T::from_value(&self.values[i]).map_err(|e| Error::Type(format!("{}: {e}", self.names[i])))
    }
}

/// The rows of an answer, read in full.
pub struct Rows {
    pub names: Vec<String>,
    pub(super) values: Vec<Vec<Value>>,
}

impl Rows {
    pub fn column_index(&self, name: &str) -> Result<usize> {
        name.index(&self.names)
    }
    pub fn iter(&self) -> impl Iterator<Item = Row<'_>> {
        self.values.iter().map(|values| Row {
            names: &self.names,
            values,
        })
    }
    /// Each row through `f`.
    pub fn map<T>(&self, f: impl FnMut(&Row<'_>) -> Result<T>) -> Result<Vec<T>> {
        let mut f = f;
        self.iter().map(|r| f(&r)).collect()
    }
}

/// `Result<T>` of a one-row read → `Result<Option<T>>`, `None` when there was no row.
pub trait OptionalExtension<T> {
    fn optional(self) -> Result<Option<T>>;
}
impl<T> OptionalExtension<T> for Result<T> {
    fn optional(self) -> Result<Option<T>> {
        match self {
            Ok(v) => Ok(Some(v)),
            Err(Error::NoRow) => Ok(None),
            Err(e) => Err(e),
        }
    }
}
