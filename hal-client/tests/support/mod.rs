//! The fixture server the client's tests run against.

pub(crate) mod server;

pub(crate) use server::start;
