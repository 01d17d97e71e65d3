//! `netplate serve`.

use std::{net::IpAddr, path::PathBuf};

use clap::Args;

use super::build::ReaderArgs;
use crate::{error::Result, serve};

/// Arguments of `netplate serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The book's folder, where book.toml is.
    #[arg(default_value = ".")]
    pub book_dir: PathBuf,
    /// Address to listen on; anything but loopback exposes the site.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: IpAddr,
    /// Port to listen on (0: any free port).
    #[arg(short, long, default_value_t = 3000)]
    pub port: u16,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Poll for changes instead of file-system events (network drives, containers).
    #[arg(long)]
    pub poll: bool,
    #[command(flatten)]
    pub reader: ReaderArgs,
}

pub(crate) fn run(args: &ServeArgs) -> Result<()> {
    serve::run(serve::Options {
        root: args.book_dir.clone(),
        host: args.host,
        port: args.port,
        open: args.open,
        poll: args.poll,
        reader: args.reader.reader()?,
    })
}
