//! Where the database is: what `--db` names, and how to name it without its password.

/// What `--db` names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    /// A SQLite file.
    File(std::path::PathBuf),
    /// A PostgreSQL connection URL.
    Postgres(String),
}

impl Location {
    /// A `postgres://` or `postgresql://` URL is a PostgreSQL database; anything else that
    /// looks like a URL (`scheme://`, `sqlite:` …) is refused rather than taken as a file
    /// name; the rest is a SQLite file path.
    pub fn parse(db: &str) -> std::result::Result<Location, String> {
        let lower = db.to_ascii_lowercase();
        if lower.starts_with("postgres://") || lower.starts_with("postgresql://") {
            return Ok(Location::Postgres(db.to_string()));
        }
        if let Some((scheme, _)) = db.split_once(':') {
            let url_like = !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                // A Windows drive letter (C:\...) is a path.
                && scheme.len() > 1;
            if url_like {
                return Err(format!(
                    "--db {scheme}:… looks like a URL, and the only URLs understood are \
                     postgres:// and postgresql:// (give a SQLite database as a file path)"
                ));
            }
        }
        Ok(Location::File(db.into()))
    }

    /// How to name it in messages: a URL without its password.
    pub fn display(&self) -> String {
        match self {
            Location::File(p) => p.display().to_string(),
            Location::Postgres(url) => redact(url),
        }
    }
}

/// `url` with any password replaced by `***`, for messages and logs.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let (authority, tail) = match rest.find(['/', '?']) {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    let mut out = format!("{scheme}://");
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => {
            match userinfo.split_once(':') {
                Some((user, _)) => out.push_str(&format!("{user}:***")),
                None => out.push_str(userinfo),
            }
            out.push('@');
            out.push_str(host);
        }
        None => out.push_str(authority),
    }
    // A password may also come as a query parameter.
    match tail.split_once('?') {
        Some((path, query)) => {
            out.push_str(path);
            out.push('?');
            let params: Vec<String> = query
                .split('&')
                .map(|kv| match kv.split_once('=') {
                    Some((k, _)) if k.eq_ignore_ascii_case("password") => format!("{k}=***"),
                    _ => kv.to_string(),
                })
                .collect();
            out.push_str(&params.join("&"));
        }
        None => out.push_str(tail),
    }
    out
}

/// The client's settings for PostgreSQL URL `url`, and how to connect: TLS as its `sslmode`
/// says, checking the server against its `sslrootcert` or else `ca_file` (see `tls.rs`).
pub fn postgres_config(
    url: &str,
    ca_file: Option<&std::path::Path>,
) -> std::result::Result<(postgres::Config, super::tls::Tls), String> {
    let (url, mode, url_ca) = super::tls::take_ssl_params(url)?;
    let mut config: postgres::Config = url
        .parse()
        .map_err(|e| format!("not a valid PostgreSQL URL: {e}"))?;
    // A server that does not answer at all (its host gone) fails a connection in seconds, not
    // the system's minutes; a pool tries again in the background.
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(std::time::Duration::from_secs(5));
    }
    let tls = super::tls::Tls::new(mode, url_ca.as_deref().or(ca_file))?;
    tls.apply(&mut config);
    Ok((config, tls))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn db_urls_are_databases_or_refused_and_paths_are_files() {
        assert_eq!(
            Location::parse("postgres://u:p@127.0.0.1:5/db"),
            Ok(Location::Postgres("postgres://u:p@127.0.0.1:5/db".into()))
        );
        assert!(matches!(
            Location::parse("postgresql://localhost/db"),
            Ok(Location::Postgres(_))
        ));
        for refused in [
            "mysql://x/y",
            "sqlite:db.sqlite",
            "sqlite:///x",
            "http://x",
            "postgre://x",
        ] {
            let e = Location::parse(refused).unwrap_err();
            assert!(e.contains("postgres://"), "{refused}: {e}");
        }
        for path in [
            ".data/x.sqlite",
            "/tmp/a:b/x",
            "x",
            "C:\\x\\y.sqlite",
            "./postgres/db",
        ] {
            assert_eq!(
                Location::parse(path),
                Ok(Location::File(path.into())),
                "{path}"
            );
        }
    }

    #[test]
    fn passwords_never_reach_a_message() {
        assert_eq!(
            redact("postgres://att:s3cret@127.0.0.1:5432/att?sslmode=disable"),
            "postgres://att:***@127.0.0.1:5432/att?sslmode=disable"
        );
        assert_eq!(
            redact("postgres://127.0.0.1/att?user=a&password=s3cret"),
            "postgres://127.0.0.1/att?user=a&password=***"
        );
        assert_eq!(redact("postgres://att@h/db"), "postgres://att@h/db");
    }
}
