//! Validator tests for interfaces (filled in by its author).
