//! netplate's integration tests: one binary, a fixture helper ([`book_test`])
//! that copies a book into a temporary folder and runs the real `netplate`.

mod audit;
mod book_test;
mod browser;
mod build;
mod check;
mod check_config;
mod command;
mod errors;
mod guide;
mod hardening_bounds;
mod lab;
mod literal;
mod markdown;
mod mdbook_includes;
mod mdbook_layout;
mod personal;
mod reader;
mod real_tools;
mod robustness;
mod search;
mod seed_map;
mod serve;
mod single;
mod summary;
mod upstream;
mod upstream_formats;
mod upstream_netplan;
mod validate_ifcfg;
mod validate_interfaces;
mod validate_netplan;
mod validate_nm;
mod validate_nmconnection;
mod validate_resolv;
mod validate_shell;
