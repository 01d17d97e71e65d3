//! Validator tests for resolv (filled in by its author).
