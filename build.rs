//! Writes the embed's stylesheet, minified, to OUT_DIR (src/embed.rs includes it).
include!("build/css.rs");

fn main() {
    println!("cargo:rerun-if-changed=style/tab.css");
    println!("cargo:rerun-if-changed=build/css.rs");
    let css = std::fs::read_to_string("style/tab.css").expect("style/tab.css");
    let out = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("tab.min.css");
    std::fs::write(out, minify_css(&css)).expect("write tab.min.css");
}
