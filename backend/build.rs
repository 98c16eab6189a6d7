//! Lists the migrations: every `migrations/NNNN_*.sql` for SQLite and
//! `migrations/postgres/NNNN_*.sql` for PostgreSQL, in order, into `$OUT_DIR/migrations.rs`
//! (read by `src/db/migrate.rs`). Adding a migration is adding its file. The numbers must run
//! 1, 2, 3… without a gap or a repeat: file N brings the schema to version N.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap()).join("migrations");
    let mut out = String::new();
    for (name, dir) in [
        ("SQLITE_MIGRATIONS", root.clone()),
        ("POSTGRES_MIGRATIONS", root.join("postgres")),
    ] {
        println!("cargo:rerun-if-changed={}", dir.display());
        let files = numbered(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        writeln!(out, "const {name}: &[&str] = &[").unwrap();
        for file in files {
            writeln!(out, "    include_str!({:?}),", file.display().to_string()).unwrap();
        }
        writeln!(out, "];").unwrap();
    }
    let dest = PathBuf::from(std::env::var_os("OUT_DIR").unwrap()).join("migrations.rs");
    std::fs::write(dest, out).unwrap();
}

/// The `NNNN_*.sql` files of `dir` in order, checked to be numbered 1, 2, 3…
fn numbered(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| e.to_string())? {
        let path = entry.map_err(|e| e.to_string())?.path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.is_dir() || !name.ends_with(".sql") {
            continue;
        }
        let number: usize = name
            .split('_')
            .next()
            .and_then(|n| n.parse().ok())
            .ok_or_else(|| format!("{name}: a migration's name starts with its number, NNNN_"))?;
        files.push((number, path));
    }
    files.sort();
    for (i, (number, path)) in files.iter().enumerate() {
        if *number != i + 1 {
            return Err(format!(
                "{}: expected migration number {} here (1, 2, 3… without gaps or repeats)",
                path.display(),
                i + 1
            ));
        }
    }
    Ok(files.into_iter().map(|(_, p)| p).collect())
}
