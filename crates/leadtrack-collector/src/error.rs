//! The collector's errors. HTTP handlers turn them into `ErrorBody` answers (`http.rs`); the
//! command line prints the chain.

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("database")]
    Db(#[from] tokio_postgres::Error),
    #[error("database connection pool")]
    Pool(#[from] deadpool_postgres::PoolError),
    #[error("invalid database URL: {0}")]
    Url(String),
    #[error(
        "the database schema is at version {found}, newer than this collector knows ({known}): upgrade the collector"
    )]
    SchemaTooNew { found: i32, known: i32 },
    #[error("migration {0} in the database differs from the shipped file; shipped migrations are never edited")]
    MigrationEdited(String),
    #[error("encoding an answer")]
    Encode(#[source] serde_json::Error),
    #[error("no device with id {0}")]
    UnknownDevice(String),
    #[error("the operating system's random number generator failed: {0}")]
    Random(String),
    #[error("{0}")]
    Internal(String),
}

pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// True for failures that go away by themselves (database down, pool exhausted, a
    /// deadlock or serialisation conflict): the device should retry after a pause.
    pub fn is_transient(&self) -> bool {
        use tokio_postgres::error::SqlState;
        match self {
            Error::Pool(_) => true,
            Error::Db(e) => match e.code() {
                None => true, // IO: the connection dropped
                Some(code) => [
                    SqlState::T_R_SERIALIZATION_FAILURE,
                    SqlState::T_R_DEADLOCK_DETECTED,
                    SqlState::ADMIN_SHUTDOWN,
                    SqlState::CANNOT_CONNECT_NOW,
                    SqlState::TOO_MANY_CONNECTIONS,
                    SqlState::QUERY_CANCELED,
                ]
                .contains(code),
            },
            _ => false,
        }
    }
}
