//! loginspec: log into documented services with generated typed clients.

fn main() {}
