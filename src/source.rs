//! Paths and folders → the files to read.
