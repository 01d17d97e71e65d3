//! Package layers: the Debian packages an OS variant needs, installed once by
//! the real `apt-get` into an overlay's upper folder and cached, never onto
//! the machine (resolvconf's and systemd-resolved's install scripts replace
//! `/etc/resolv.conf`; in a layer they replace the layer's).
//!
//! A layer holds the packages of [`super::os::Profile::packages`] and, as a
//! local repository (`/var/local/netplate-debs`, the only apt source the VM
//! has), the packages the guide tells the reader to install (openssh-server):
//! the reader's own `sudo apt install openssh-server` then really installs
//! and starts it inside the VM, with no network. Downloads are shared
//! between layers (`archives/` of the cache).
//!
//! A layer is keyed by its packages, the machine's dpkg status (the layer's
//! copy of it shadows the machine's) and [`RECIPE`]: anything else changes,
//! and it is built again.

use std::{
    fs,
    path::{Path, PathBuf},
    process::{Command, Stdio},
};

use serde::{Deserialize, Serialize};

/// Bumped whenever the way a layer is built changes.
pub const RECIPE: u32 = 2;

/// Where the local repository lives inside a layer.
const LOCAL_REPO: &str = "/var/local/netplate-debs";

/// A layer build, as the job file carries it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Build {
    /// The layer's folder: `up/` is the overlay's upper.
    pub layer: PathBuf,
    /// The shared download cache, bound at /var/cache/apt/archives.
    pub archives: PathBuf,
    /// Installed into the layer.
    pub packages: Vec<String>,
    /// Downloaded into the layer's local repository, not installed.
    pub staged: Vec<String>,
    /// The machine's apt sources (`/etc/apt/sources.list` and
    /// `sources.list.d/*`), file name → text: the layer's own are the local
    /// repository only.
    pub sources: Vec<(String, String)>,
}

/// The folder of a layer named `name` for `packages` under `cache`.
pub fn folder(cache: &Path, name: &str, packages: &[&str], staged: &[&str]) -> PathBuf {
    let status = fs::read("/var/lib/dpkg/status").unwrap_or_default();
    let mut key = format!("{RECIPE}\n{}\n{}\n", packages.join(" "), staged.join(" ")).into_bytes();
    key.extend_from_slice(&status);
    cache
        .join("layers")
        .join(format!("{name}-{:016x}", fnv1a(&key)))
}

/// FNV-1a, 64 bits: a cache key, not a security boundary.
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// Whether the layer in `folder` is complete.
pub fn is_built(folder: &Path) -> bool {
    folder.join("done").exists()
}

/// The machine's apt sources, for a layer build.
pub fn machine_sources() -> Vec<(String, String)> {
    let mut sources = Vec::new();
    if let Ok(text) = fs::read_to_string("/etc/apt/sources.list") {
        sources.push(("sources.list".to_string(), text));
    }
    if let Ok(entries) = fs::read_dir("/etc/apt/sources.list.d") {
        let mut names: Vec<_> = entries.flatten().map(|e| e.file_name()).collect();
        names.sort();
        for name in names {
            let name = name.to_string_lossy().to_string();
            if (name.ends_with(".list") || name.ends_with(".sources"))
                && let Ok(text) =
                    fs::read_to_string(Path::new("/etc/apt/sources.list.d").join(&name))
            {
                sources.push((format!("sources.list.d/{name}"), text));
            }
        }
    }
    sources
}

fn run(log: &mut String, program: &str, args: &[&str]) -> Result<(), String> {
    let output = Command::new(program)
        .args(args)
        .env_clear()
        .env("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")
        .env("DEBIAN_FRONTEND", "noninteractive")
        .env("LC_ALL", "C")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("{program}: {e}"))?;
    log.push_str(&format!("$ {program} {}\n", args.join(" ")));
    log.push_str(&String::from_utf8_lossy(&output.stdout));
    log.push_str(&String::from_utf8_lossy(&output.stderr));
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "`{program} {}` failed ({})",
            args.join(" "),
            output.status
        ))
    }
}

/// Inside the build's root (see [`super::sandbox`]): apt-get installs the
/// packages, the staged ones become the local repository. Writes the log to
/// `/lab/build.log`; returns the exit code.
pub fn build_inside(build: &Build) -> i32 {
    let mut log = String::new();
    let result = build_steps(build, &mut log);
    if let Err(e) = &result {
        log.push_str(&format!("error: {e}\n"));
    }
    let _ = fs::write("/lab/build.log", &log);
    i32::from(result.is_err())
}

fn build_steps(build: &Build, log: &mut String) -> Result<(), String> {
    let w =
        |path: &str, text: &str| fs::write(path, text).map_err(|e| format!("write {path}: {e}"));
    // The machine's sources, in the layer only while it builds.
    let _ = fs::remove_file("/etc/apt/sources.list");
    let _ = fs::remove_dir_all("/etc/apt/sources.list.d");
    fs::create_dir_all("/etc/apt/sources.list.d").map_err(|e| e.to_string())?;
    for (name, text) in &build.sources {
        w(&format!("/etc/apt/{name}"), text)?;
    }
    // No service starts while packages are installed.
    w("/usr/sbin/policy-rc.d", "#!/bin/sh\nexit 101\n")?;
    let _ = fs::set_permissions(
        "/usr/sbin/policy-rc.d",
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    );
    fs::create_dir_all("/var/cache/apt/archives/partial").map_err(|e| e.to_string())?;
    let apt = [
        "-q",
        "-y",
        "-o",
        "Dpkg::Use-Pty=0",
        "-o",
        "APT::Sandbox::User=root",
    ];
    let mut args: Vec<&str> = apt.to_vec();
    args.push("update");
    run(log, "apt-get", &args)?;
    // Staged packages first, while the machine's resolver still answers (a
    // layer package may make /etc/resolv.conf a symlink into /run).
    if !build.staged.is_empty() {
        let mut args: Vec<&str> = apt.to_vec();
        args.extend(["--no-install-recommends", "--download-only", "install"]);
        args.extend(build.staged.iter().map(String::as_str));
        run(log, "apt-get", &args)?;
    }
    let staged_files = staged_debs(build, log)?;
    // The local repository: the staged packages (copied before the install:
    // an apt.conf may delete downloaded packages after it) and an index of them.
    fs::create_dir_all(LOCAL_REPO).map_err(|e| e.to_string())?;
    for file in &staged_files {
        let name = file.file_name().unwrap_or_default();
        fs::copy(file, Path::new(LOCAL_REPO).join(name))
            .map_err(|e| format!("copy {}: {e}", file.display()))?;
    }
    let mut args: Vec<&str> = apt.to_vec();
    args.extend(["--no-install-recommends", "install"]);
    args.extend(build.packages.iter().map(String::as_str));
    run(log, "apt-get", &args)?;
    let index = Command::new("apt-ftparchive")
        .args(["packages", "."])
        .current_dir(LOCAL_REPO)
        .output()
        .map_err(|e| format!("apt-ftparchive: {e}"))?;
    if !index.status.success() {
        return Err(format!(
            "apt-ftparchive: {}",
            String::from_utf8_lossy(&index.stderr)
        ));
    }
    fs::write(Path::new(LOCAL_REPO).join("Packages"), &index.stdout).map_err(|e| e.to_string())?;
    // A Release file, so that `apt update` reads the index without complaint.
    let release = Command::new("apt-ftparchive")
        .args(["release", "."])
        .current_dir(LOCAL_REPO)
        .output()
        .map_err(|e| format!("apt-ftparchive release: {e}"))?;
    fs::write(Path::new(LOCAL_REPO).join("Release"), &release.stdout).map_err(|e| e.to_string())?;
    let _ = fs::remove_dir_all("/etc/apt/sources.list.d");
    fs::create_dir_all("/etc/apt/sources.list.d").map_err(|e| e.to_string())?;
    w(
        "/etc/apt/sources.list",
        &format!(
            "# netplate lab: the VM's only package source, no network needed\ndeb [trusted=yes] file:{LOCAL_REPO} ./\n"
        ),
    )?;
    let mut args: Vec<&str> = apt.to_vec();
    args.push("update");
    run(log, "apt-get", &args)?;
    // A VM starts services as the real system does.
    let _ = fs::remove_file("/usr/sbin/policy-rc.d");
    Ok(())
}

/// The .deb files the staged packages need (from `apt-get -s install`'s
/// `Inst` lines, found in the shared download cache).
fn staged_debs(build: &Build, log: &mut String) -> Result<Vec<PathBuf>, String> {
    if build.staged.is_empty() {
        return Ok(Vec::new());
    }
    let output = Command::new("apt-get")
        .args(["-s", "--no-install-recommends", "install"])
        .args(&build.staged)
        .env("LC_ALL", "C")
        .output()
        .map_err(|e| format!("apt-get -s: {e}"))?;
    let text = String::from_utf8_lossy(&output.stdout);
    log.push_str(&text);
    let cached: Vec<PathBuf> = fs::read_dir("/var/cache/apt/archives")
        .map_err(|e| e.to_string())?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "deb"))
        .collect();
    let mut files = Vec::new();
    for line in text.lines() {
        // Inst openssh-server (1:9.2p1-2+deb12u3 Debian:12.8/stable [amd64])
        let Some(rest) = line.strip_prefix("Inst ") else {
            continue;
        };
        // An upgrade shows the installed version first: `Inst pkg [old] (new …)`.
        let mut words = rest.split_whitespace().filter(|w| !w.starts_with('['));
        let (Some(name), Some(version)) = (words.next(), words.next()) else {
            continue;
        };
        let version = version.trim_start_matches('(').replace(':', "%3a");
        let prefix = format!("{name}_{version}_");
        match cached.iter().find(|p| {
            p.file_name()
                .is_some_and(|f| f.to_string_lossy().starts_with(&prefix))
        }) {
            Some(p) => files.push(p.clone()),
            None => return Err(format!("{name} {version}: not in the download cache")),
        }
    }
    Ok(files)
}
