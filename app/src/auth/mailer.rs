//! Outgoing mail behind a trait: development and tests keep mail in the
//! outbox table (and the log); production plugs an SMTP sender in here.

use std::future::Future;
use std::pin::Pin;

use db::accounts::Mail;

use crate::error::AppError;

pub type SendFuture<'a> = Pin<Box<dyn Future<Output = Result<(), AppError>> + Send + 'a>>;

pub trait Mailer: Send + Sync {
    fn send<'a>(&'a self, conn: &'a db::DatabaseConnection, mail: &'a Mail) -> SendFuture<'a>;
}

/// Writes mail to the outbox table and logs its subject (never the
/// address: the logs are read by more people than the database).
pub struct OutboxMailer;

impl Mailer for OutboxMailer {
    fn send<'a>(&'a self, conn: &'a db::DatabaseConnection, mail: &'a Mail) -> SendFuture<'a> {
        Box::pin(async move {
            tracing::info!(subject = %mail.subject, "mail queued in the outbox");
            db::accounts::enqueue_mail(conn, mail, chrono::Utc::now()).await?;
            Ok(())
        })
    }
}
