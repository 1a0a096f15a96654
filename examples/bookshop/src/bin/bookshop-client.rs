//! `bookshop-client`: lists the bookshop's catalogue, or adds a book through its form.

use std::process::ExitCode;

use bookshop::resources::NewBook;
use clap::{Parser, Subcommand};
use hal_client::url::Url;

/// A client of the bookshop service, on hal-client.
#[derive(Debug, Parser)]
#[command(version, about, long_about = None)]
struct Args {
    /// The service's root.
    #[arg(long, default_value = "http://127.0.0.1:8080/")]
    url: Url,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Every author and their books (the default).
    List,
    /// Adds a book.
    Add {
        /// Its title.
        #[arg(long)]
        title: String,
        /// Its ISBN-13.
        #[arg(long)]
        isbn: String,
        /// The year it was first published.
        #[arg(long)]
        year: i64,
        /// Its author's id.
        #[arg(long)]
        author: i64,
    },
}

#[allow(clippy::print_stdout)] // printing what it read is this program's job
#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    let client = hal_client::Client::new();
    let outcome = match args.command.unwrap_or(Command::List) {
        Command::List => bookshop::client::catalogue(&client, &args.url)
            .await
            .map(|catalogue| {
                for (author, books) in catalogue {
                    println!("{}", author.name);
                    for book in books {
                        println!("  {} ({})", book.title, book.year);
                    }
                }
            }),
        Command::Add {
            title,
            isbn,
            year,
            author,
        } => {
            let book = NewBook {
                title,
                isbn,
                year,
                author_id: author,
            };
            bookshop::client::add_book(&client, &args.url, &book)
                .await
                .map(|(url, added)| println!("added {} at {url}", added.title))
        }
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("bookshop-client: {error}");
            // A refused book: each broken rule at its member.
            if let Some(errors) = error.problem().and_then(|p| p.member("errors")) {
                eprintln!("{errors:#}");
            }
            ExitCode::FAILURE
        }
    }
}
