//! Files into records: the ministry's NDB workbooks, the tidy CSV format, wide tables shaped like
//! the ministry's, Arrow IPC; the checks every format ends in, merging a user's files, and the
//! catalogue of built-in files. Bytes in, records or a typed error out.

pub mod arrow_io;
pub mod collection;
pub mod example;
pub mod manifest;
pub mod ndb;
pub mod tidy;
pub mod user_file;
pub mod wide;
