//! `netplate test`: the guide's steps, run with the real tools in a simulated
//! VMware NAT network, for every OS variant and for several readers.
//!
//! - [`os`]: the VM image per OS (packages, the installer's state, firewall).
//! - [`layer`]: package layers, built once by apt-get into overlay folders.
//! - [`sandbox`]: namespaces, mounts and `pivot_root`; cleanup on any exit.
//! - [`scenario`]: inside one VM: VMnet8, the NAT device's DHCP and DNS, a
//!   booted systemd, the reader's steps, a reboot, and the checks.
//! - [`report`]: the OS × reader × check table and the diagnostics.
//!
//! This module plans the runs: which OS ids and readers, the script or pastes
//! each gets, which Markdown block each check blames.

pub mod layer;
pub mod os;
pub mod report;
pub mod sandbox;
pub mod scenario;

use std::{
    fs,
    net::Ipv4Addr,
    path::{Path, PathBuf},
    sync::{
        Mutex,
        atomic::{AtomicUsize, Ordering},
    },
    time::Instant,
};

use ipnet::Ipv4Net;
use serde::Serialize;

use crate::{
    diagnostic::Location,
    instructions::Step,
    placeholder::setup::Reader,
    script,
    site::Site,
    steps::{self, ChapterSteps},
};
use scenario::{Mode, Net, Outcome, Paste, Scenario};

/// What `netplate test` was asked.
#[derive(Debug, Clone)]
pub struct Options {
    /// The book.
    pub book: PathBuf,
    /// OS ids to run (empty: every id the book covers).
    pub os: Vec<String>,
    /// Random readers besides the default one.
    pub readers: usize,
    /// Their seed.
    pub seed: u64,
    /// Scenarios at once.
    pub jobs: usize,
    /// Keep each scenario's logs in this folder.
    pub keep: Option<PathBuf>,
    /// Also run each block's "Copy as command" pastes (default reader only).
    pub pastes: bool,
    /// Where the layers are cached.
    pub cache: PathBuf,
}

/// Why the lab cannot run here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unrunnable(pub String);

/// A Markdown block the steps come from.
#[derive(Debug, Clone, Serialize)]
pub struct Block {
    /// `content/zh/gateway-firewall.md:42:1`'s parts.
    #[serde(skip)]
    pub location: Location,
    /// As `file:line`.
    pub place: String,
    /// `file=` path, if a file block.
    pub file: Option<String>,
    /// `step=` value, if a step block.
    pub step: Option<String>,
    /// Its text, values filled in.
    pub text: String,
}

/// One reader.
#[derive(Debug, Clone, Serialize)]
pub struct ReaderNet {
    /// `default` or `random 1`, …
    pub name: String,
    /// The subnet.
    pub subnet: String,
    /// The VM's address.
    pub vm: Ipv4Addr,
}

/// One scenario's result.
#[derive(Debug, Clone, Serialize)]
pub struct Run {
    /// OS id.
    pub os: String,
    /// Reader index into [`Results::readers`].
    pub reader: usize,
    /// Script or pastes.
    pub mode: Mode,
    /// What happened inside.
    pub outcome: Outcome,
    /// The blocks of this OS, for the diagnostics.
    pub blocks: Vec<Block>,
    /// Seconds, wall clock.
    pub seconds: f64,
    /// Where its logs were kept.
    pub kept: Option<PathBuf>,
}

/// Everything `netplate test` found.
#[derive(Debug, Clone, Serialize)]
pub struct Results {
    /// The seed of the random readers.
    pub seed: u64,
    /// Readers, default first.
    pub readers: Vec<ReaderNet>,
    /// Runs, in OS then reader order.
    pub runs: Vec<Run>,
    /// OS ids that cannot run here, with why.
    pub not_runnable: Vec<(String, String)>,
    /// Seconds, wall clock.
    pub seconds: f64,
}

impl Results {
    /// Whether every check passed and no packet left the lab.
    pub fn passed(&self) -> bool {
        self.runs.iter().all(|r| {
            r.outcome.lab_error.is_none()
                && r.outcome.outside_packets == 0
                && r.outcome.checks.iter().all(|c| c.ok || c.note)
        })
    }
}

/// Checks that this machine can run the lab: root, the namespaces, overlay,
/// cgroup2, the tools the lab needs on the machine.
pub fn preflight() -> Result<PathBuf, Unrunnable> {
    if !nix::unistd::geteuid().is_root() {
        return Err(Unrunnable(
            "the lab needs root (it creates network, mount and PID namespaces); run `sudo netplate test`".into(),
        ));
    }
    for ns in ["net", "mnt", "pid", "uts", "ipc", "cgroup"] {
        if !Path::new("/proc/self/ns").join(ns).exists() {
            return Err(Unrunnable(format!(
                "this kernel has no {ns} namespaces (/proc/self/ns/{ns}); the lab needs a kernel with CONFIG_NAMESPACES"
            )));
        }
    }
    let filesystems = fs::read_to_string("/proc/filesystems").unwrap_or_default();
    if !filesystems.lines().any(|l| l.ends_with("\toverlay")) {
        return Err(Unrunnable(
            "this kernel has no overlay filesystem; `modprobe overlay` (CONFIG_OVERLAY_FS) would let the lab run".into(),
        ));
    }
    let Some(cgroup2) = sandbox::cgroup2_root() else {
        return Err(Unrunnable(
            "no cgroup2 hierarchy is mounted; a booted systemd needs one (mount -t cgroup2 none /sys/fs/cgroup/unified)"
                .into(),
        ));
    };
    for tool in [
        "/usr/bin/apt-get",
        "/usr/bin/cp",
        "/lib/systemd/systemd",
        "/usr/bin/nsenter",
    ] {
        if !Path::new(tool).exists() {
            return Err(Unrunnable(format!(
                "{tool} is missing: the lab runs on a Debian 12 machine with apt, coreutils, systemd and util-linux"
            )));
        }
    }
    Ok(cgroup2)
}

/// splitmix64: the readers' generator (reproducible from `--seed`).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// `n` random readers from /8 to /29 in private ranges, the VM below
/// VMware's DHCP pool (the guide says not to pick an address in it).
pub fn random_readers(seed: u64, n: usize) -> Vec<(String, Ipv4Addr)> {
    let mut rng = Rng(seed);
    (0..n)
        .map(|_| {
            let prefix = 8 + rng.below(22) as u8;
            let ranges: &[(u32, u8)] = match prefix {
                8..=11 => &[(0x0A00_0000, 8)],
                12..=15 => &[(0x0A00_0000, 8), (0xAC10_0000, 12)],
                _ => &[(0x0A00_0000, 8), (0xAC10_0000, 12), (0xC0A8_0000, 16)],
            };
            let (base, base_prefix) = ranges[rng.below(ranges.len() as u64) as usize];
            let free_bits = u32::from(prefix - base_prefix);
            let pick = if free_bits == 0 {
                0
            } else {
                rng.below(1u64 << free_bits) as u32
            };
            let network = base | (pick << (32 - u32::from(prefix)));
            let size = 1u64 << (32 - u32::from(prefix));
            let host = 3 + rng.below((size / 2).saturating_sub(3).max(1)) as u32;
            let net = Ipv4Net::new(Ipv4Addr::from(network), prefix).expect("prefix in 8..=29");
            (net.to_string(), Ipv4Addr::from(network + host))
        })
        .collect()
}

fn lab_net(subnet: &str, vm: Ipv4Addr) -> Net {
    let net: Ipv4Net = subnet.parse().expect("a subnet the book accepted");
    let base = u32::from(net.network());
    let size = 1u32 << (32 - u32::from(net.prefix_len()));
    let start = base + size / 2;
    let end = (base + size - 2).min(start + 126);
    Net {
        subnet: net.to_string(),
        prefix: net.prefix_len(),
        vm,
        host: Ipv4Addr::from(base + 1),
        gateway: Ipv4Addr::from(base + 2),
        pool: (Ipv4Addr::from(start), Ipv4Addr::from(end.max(start))),
        netmask: net.netmask(),
    }
}

fn firewall_line(line: &str) -> bool {
    let words: Vec<&str> = line
        .split_whitespace()
        .skip_while(|w| *w == "sudo")
        .collect();
    match words.first().copied() {
        Some(
            "ufw" | "firewall-cmd" | "iptables" | "ip6tables" | "nft" | "Enable-NetFirewallRule",
        ) => true,
        Some("systemctl" | "service") => words.iter().any(|w| {
            ["firewalld", "ufw", "nftables", "iptables"]
                .iter()
                .any(|f| w.trim_end_matches(".service") == *f)
        }),
        _ => false,
    }
}

/// The blocks of one OS's steps, and what the scenario runs.
struct Plan {
    blocks: Vec<Block>,
    pastes: Vec<Paste>,
    firewall_lines: Vec<Paste>,
    reboots: bool,
}

fn plan(chapters: &[ChapterSteps]) -> Plan {
    let mut blocks = Vec::new();
    let mut pastes = Vec::new();
    let mut firewall_lines = Vec::new();
    let mut reboots = false;
    for chapter in chapters {
        for step in &chapter.steps {
            let Step::Code {
                fence,
                text,
                offset,
            } = step
            else {
                continue;
            };
            let location = chapter.location(*offset, 3);
            let file = fence.file().map(str::to_string);
            let step_kind = fence.attr("step").map(str::to_string);
            if file.is_none() && step_kind.is_none() {
                continue;
            }
            let index = blocks.len();
            if let Some(path) = &file {
                pastes.push(Paste {
                    block: index,
                    text: script::file_command(path, text, fence.attr("mode")),
                });
            } else {
                pastes.push(Paste {
                    block: index,
                    text: text.clone(),
                });
                if step_kind.as_deref() == Some("reboot") {
                    reboots = true;
                }
                for line in text.lines().filter(|l| firewall_line(l)) {
                    firewall_lines.push(Paste {
                        block: index,
                        text: line.trim().to_string(),
                    });
                }
            }
            blocks.push(Block {
                place: format!("{}:{}", location.file.display(), location.line),
                location,
                file,
                step: step_kind,
                text: text.clone(),
            });
        }
    }
    Plan {
        blocks,
        pastes,
        firewall_lines,
        reboots,
    }
}

/// The machine's `*.wants/` links (enabled units) that the layer did not
/// add: the VM must not start the machine's own services.
fn foreign_wants(layer: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let etc = Path::new("/etc/systemd/system");
    let Ok(entries) = fs::read_dir(etc) else {
        return out;
    };
    for dir in entries.flatten() {
        let name = dir.file_name().to_string_lossy().to_string();
        if !(name.ends_with(".wants") || name.ends_with(".requires")) {
            continue;
        }
        for link in fs::read_dir(dir.path()).into_iter().flatten().flatten() {
            let rel = format!(
                "etc/systemd/system/{name}/{}",
                link.file_name().to_string_lossy()
            );
            if fs::symlink_metadata(layer.join("up").join(&rel)).is_err() {
                out.push(format!("/{rel}"));
            }
        }
    }
    out
}

/// Builds the layers that are missing, one at a time (apt locks), printing
/// progress to stderr.
fn ensure_layer(options: &Options, profile: &os::Profile) -> Result<PathBuf, String> {
    let packages = profile.all_packages();
    let folder = layer::folder(&options.cache, &profile.layer, &packages, os::STAGED);
    // One build at a time, across processes too (two `netplate test` runs).
    fs::create_dir_all(&options.cache).map_err(|e| format!("{}: {e}", options.cache.display()))?;
    let lock = fs::File::create(options.cache.join("lock"))
        .map_err(|e| format!("{}: {e}", options.cache.display()))?;
    lock.lock()
        .map_err(|e| format!("lock {}: {e}", options.cache.display()))?;
    if layer::is_built(&folder) {
        return Ok(folder);
    }
    eprintln!(
        "   building layer `{}` ({} packages, once; cached in {})",
        profile.layer,
        packages.len(),
        options.cache.display()
    );
    let started = Instant::now();
    let _ = fs::remove_dir_all(&folder);
    let archives = options.cache.join("archives");
    for d in [
        folder.join("up"),
        folder.join("work"),
        archives.join("partial"),
    ] {
        fs::create_dir_all(&d).map_err(|e| format!("{}: {e}", d.display()))?;
    }
    let scratch = scratch_dir("layer")?;
    let job = sandbox::Job {
        scratch: scratch.clone(),
        layers: Vec::new(),
        cgroup: None,
        work: sandbox::Work::Layer(layer::Build {
            layer: folder.clone(),
            archives,
            packages: packages.iter().map(|p| p.to_string()).collect(),
            staged: os::STAGED.iter().map(|p| p.to_string()).collect(),
            sources: layer::machine_sources(),
        }),
    };
    let result = run_job(&scratch, &job, false);
    let log = fs::read_to_string(scratch.join("io/build.log")).unwrap_or_default();
    let _ = fs::remove_dir_all(&scratch);
    let _ = fs::remove_dir_all(folder.join("work"));
    match result {
        Ok(0) => {
            fs::write(folder.join("done"), "").map_err(|e| e.to_string())?;
            fs::write(folder.join("build.log"), &log).map_err(|e| e.to_string())?;
            eprintln!(
                "   layer `{}` built in {:.0} s",
                profile.layer,
                started.elapsed().as_secs_f64()
            );
            Ok(folder)
        }
        Ok(code) => {
            let tail: Vec<&str> = log.lines().rev().take(15).collect();
            let tail: Vec<&str> = tail.into_iter().rev().collect();
            Err(format!(
                "building the package layer `{}` failed (exit {code}); apt-get said:\n{}",
                profile.layer,
                tail.join("\n")
            ))
        }
        Err(e) => Err(e),
    }
}

fn scratch_dir(what: &str) -> Result<PathBuf, String> {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "netplate-lab-{}-{what}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(dir.join("io")).map_err(|e| format!("{}: {e}", dir.display()))?;
    Ok(dir)
}

/// Writes the job, runs the launcher, waits. The exit code of the job.
fn run_job(scratch: &Path, job: &sandbox::Job, own_network: bool) -> Result<i32, String> {
    let job_file = scratch.join("job.json");
    let text = serde_json::to_string(job).map_err(|e| e.to_string())?;
    fs::write(&job_file, text).map_err(|e| e.to_string())?;
    let log = fs::File::create(scratch.join("io/launcher.log")).map_err(|e| e.to_string())?;
    let mut child = sandbox::spawn(&job_file, own_network, log)
        .map_err(|e| format!("cannot start the lab: {e}"))?;
    let status = child.wait().map_err(|e| e.to_string())?;
    if let Some(cg) = &job.cgroup {
        sandbox::remove_cgroup(cg);
    }
    Ok(status.code().unwrap_or(128))
}

/// Runs the lab on the book. `Err` when it cannot run here (exit 2).
pub fn run(options: &Options) -> Result<Results, LabError> {
    let started = Instant::now();
    let cgroup2 = preflight().map_err(LabError::Unrunnable)?;
    let default_site = Site::load(&options.book, &Reader::default()).map_err(LabError::Book)?;
    let lang = default_site.book.config.default_language().code.clone();
    let chapters = steps::chapters(&default_site, &lang).unwrap_or_default();
    let (variants, groups) = steps::variants(&chapters);
    let mut ids: Vec<String> = if options.os.is_empty() {
        steps::os_ids(&variants)
            .into_iter()
            .map(|(id, _)| id.clone())
            .collect()
    } else {
        options.os.clone()
    };
    ids.dedup();
    for id in &ids {
        if !steps::covers(&groups, id) {
            return Err(LabError::Usage(format!(
                "the guide has no steps for the OS `{id}`; run `netplate instructions --os list` to see the ids it covers"
            )));
        }
    }
    let p = default_site.placeholders.as_ref().ok_or_else(|| {
        LabError::Usage("the book has no placeholders (no reader network to test)".into())
    })?;
    let default_vm = p
        .values
        .slots
        .iter()
        .next()
        .map(|(_, a)| *a)
        .ok_or_else(|| LabError::Usage("the book has no VM address slot".into()))?;
    let mut readers = vec![ReaderNet {
        name: "default".into(),
        subnet: p.values.subnet.to_string(),
        vm: default_vm,
    }];
    for (i, (subnet, vm)) in random_readers(options.seed, options.readers)
        .into_iter()
        .enumerate()
    {
        readers.push(ReaderNet {
            name: format!("random {}", i + 1),
            subnet,
            vm,
        });
    }
    let mut not_runnable = Vec::new();
    let mut runnable = Vec::new();
    for id in &ids {
        match os::profile(id) {
            Ok(profile) => runnable.push((id.clone(), profile)),
            Err(why) => not_runnable.push((id.clone(), why)),
        }
    }
    // Layers first, one at a time.
    let mut layer_dirs = std::collections::BTreeMap::new();
    for (_, profile) in &runnable {
        if !layer_dirs.contains_key(&profile.layer) {
            let dir = ensure_layer(options, profile).map_err(LabError::Layer)?;
            layer_dirs.insert(profile.layer.clone(), dir);
        }
    }
    // Each (reader, OS): its script and blocks.
    struct Planned {
        os: String,
        reader: usize,
        scenario: Scenario,
        blocks: Vec<Block>,
        layer: PathBuf,
    }
    let mut planned = Vec::new();
    for (r, reader) in readers.iter().enumerate() {
        let mut params = std::collections::BTreeMap::new();
        params.insert("vm".to_string(), reader.vm.to_string());
        let site = if r == 0 {
            None
        } else {
            Some(
                Site::load(
                    &options.book,
                    &Reader {
                        subnet: Some(reader.subnet.clone()),
                        params,
                    },
                )
                .map_err(LabError::Book)?,
            )
        };
        let site = site.as_ref().unwrap_or(&default_site);
        let chapters = steps::chapters(site, &lang).unwrap_or_default();
        for (id, profile) in &runnable {
            let chapter_steps = steps::for_os(site, &chapters, &lang, id);
            let script = steps::script(site, &lang, id, &chapter_steps)
                .map_err(|d| LabError::Book(crate::error::Error::Diagnostics(d)))?;
            let plan = plan(&chapter_steps);
            let layer = layer_dirs[&profile.layer].clone();
            let modes: &[Mode] = if r == 0 && options.pastes {
                &[Mode::Script, Mode::Commands]
            } else {
                &[Mode::Script]
            };
            for mode in modes {
                planned.push(Planned {
                    os: id.clone(),
                    reader: r,
                    scenario: Scenario {
                        os: id.clone(),
                        profile: profile.clone(),
                        net: lab_net(&reader.subnet, reader.vm),
                        mode: *mode,
                        script: script.clone(),
                        pastes: plan.pastes.clone(),
                        firewall_lines: plan.firewall_lines.clone(),
                        reboots: plan.reboots,
                        foreign_wants: foreign_wants(&layer),
                    },
                    blocks: plan.blocks.clone(),
                    layer: layer.clone(),
                });
            }
        }
    }
    // Run them, `jobs` at a time.
    let next = AtomicUsize::new(0);
    let runs: Mutex<Vec<Option<Run>>> = Mutex::new(vec![None; planned.len()]);
    let total = planned.len();
    std::thread::scope(|scope| {
        for _ in 0..options.jobs.max(1).min(total.max(1)) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(job) = planned.get(i) else { break };
                    let t = Instant::now();
                    let (outcome, kept) =
                        run_scenario(options, &cgroup2, &job.scenario, &job.layer, i);
                    let run = Run {
                        os: job.os.clone(),
                        reader: job.reader,
                        mode: job.scenario.mode,
                        outcome,
                        blocks: job.blocks.clone(),
                        seconds: t.elapsed().as_secs_f64(),
                        kept,
                    };
                    let failed = run
                        .outcome
                        .checks
                        .iter()
                        .filter(|c| !c.ok && !c.note)
                        .count();
                    eprintln!(
                        "   {:<13} {:<10} {:<8} {:>5.1} s  {}",
                        job.os,
                        readers[job.reader].name,
                        match job.scenario.mode {
                            Mode::Script => "script",
                            Mode::Commands => "pastes",
                        },
                        run.seconds,
                        if let Some(e) = &run.outcome.lab_error {
                            format!("lab error: {e}")
                        } else if failed == 0 {
                            "ok".to_string()
                        } else {
                            format!("{failed} check(s) failed")
                        }
                    );
                    runs.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(run);
                }
            });
        }
    });
    let runs = runs
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .flatten()
        .collect();
    Ok(Results {
        seed: options.seed,
        readers,
        runs,
        not_runnable,
        seconds: started.elapsed().as_secs_f64(),
    })
}

fn run_scenario(
    options: &Options,
    cgroup2: &Path,
    scenario: &Scenario,
    layer: &Path,
    index: usize,
) -> (Outcome, Option<PathBuf>) {
    let fail = |e: String| Outcome {
        lab_error: Some(e),
        ..Outcome::default()
    };
    let scratch = match scratch_dir("vm") {
        Ok(s) => s,
        Err(e) => return (fail(e), None),
    };
    let cgroup = cgroup2.join(format!("netplate-lab-{}-{index}", std::process::id()));
    if let Err(e) = fs::create_dir_all(&cgroup) {
        return (
            fail(format!(
                "cannot create the run's cgroup {}: {e}",
                cgroup.display()
            )),
            None,
        );
    }
    let job = sandbox::Job {
        scratch: scratch.clone(),
        layers: vec![layer.join("up")],
        cgroup: Some(cgroup.clone()),
        work: sandbox::Work::Scenario(Box::new(scenario.clone())),
    };
    let result = run_job(&scratch, &job, true);
    let outcome = match fs::read_to_string(scratch.join("io/outcome.json")) {
        Ok(text) => {
            serde_json::from_str(&text).unwrap_or_else(|e| fail(format!("outcome.json: {e}")))
        }
        Err(_) => {
            let log = fs::read_to_string(scratch.join("io/launcher.log")).unwrap_or_default();
            fail(format!(
                "the scenario ended without an outcome ({}): {}",
                match &result {
                    Ok(code) => format!("exit {code}"),
                    Err(e) => e.clone(),
                },
                log.trim()
            ))
        }
    };
    let kept = options.keep.as_ref().map(|dir| {
        let name = format!(
            "{}-{}-{index}",
            scenario.os,
            scenario.net.subnet.replace('/', "_")
        );
        let target = dir.join(name);
        let _ = fs::remove_dir_all(&target);
        let _ = fs::create_dir_all(dir);
        let _ = fs::rename(scratch.join("io"), &target);
        target
    });
    let _ = fs::remove_dir_all(&scratch);
    (outcome, kept)
}

/// Why `netplate test` stopped before running every scenario.
#[derive(Debug)]
pub enum LabError {
    /// The lab cannot run on this machine (exit 2).
    Unrunnable(Unrunnable),
    /// A bad flag (exit 2).
    Usage(String),
    /// The book does not load.
    Book(crate::error::Error),
    /// A package layer could not be built (exit 2: the machine's apt).
    Layer(String),
}
