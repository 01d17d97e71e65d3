//! Validator tests for shell (filled in by its author).
