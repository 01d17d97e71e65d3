//! Namespaces and mounts: how a lab job is isolated from the machine.
//!
//! `netplate test` never configures anything itself. It writes a job file and
//! starts `netplate __lab JOB` with new UTS, IPC and PID namespaces (and,
//! for a scenario, a new network namespace that nothing connects to the
//! machine's). That process, the **launcher**, stays in the machine's mount
//! namespace and forks the job's **init** (PID 1 of the new PID namespace),
//! which:
//!
//! 1. unshares its own mount namespace and makes every mount private, so no
//!    mount it makes propagates to the machine;
//! 2. builds the VM root on a tmpfs: an overlay whose lower layers are the
//!    cached package layer (copied onto the tmpfs: a layer on the same
//!    filesystem as `/` cannot be stacked with `/`) and the machine's `/`,
//!    read-only; the upper is the tmpfs, so every write lands in RAM;
//! 3. mounts its own `/proc` (`/proc/sys` read-only but `/proc/sys/net`,
//!    which is per network namespace), a read-only sysfs of its network
//!    namespace, a private `/dev` (a few nodes; `/dev/console` is
//!    `/dev/null`), tmpfs `/run` and `/tmp`;
//! 4. enters it with `pivot_root` and detaches the old root: whatever later
//!    enters this mount namespace (`nsenter`, `setns`) lands in the VM, never
//!    on the machine. Never `chroot`.
//!
//! When init exits, the kernel kills every process left in its PID namespace
//! and the namespaces, veths, overlay and tmpfs go with them. The launcher
//! has asked the kernel for a signal when `netplate test` dies (also by
//! SIGKILL), and on that signal, on Ctrl-C or on SIGTERM it kills init; after
//! init is gone it removes the run's cgroup (the one thing a booted systemd
//! needs outside the namespaces: a cgroup2 directory) once the kernel reports
//! it empty.

use std::{
    ffi::OsStr,
    fs,
    io::Write as _,
    os::unix::{fs::PermissionsExt as _, process::CommandExt as _},
    path::{Path, PathBuf},
    process::{Command, ExitCode, Stdio},
    sync::atomic::{AtomicBool, Ordering},
    time::{Duration, Instant},
};

use nix::{
    errno::Errno,
    mount::{MntFlags, MsFlags, mount, umount2},
    sched::{CloneFlags, unshare},
    sys::{
        prctl,
        signal::{SaFlags, SigAction, SigHandler, SigSet, Signal, kill, sigaction},
        stat::{Mode, SFlag, makedev, mknod},
        wait::{WaitStatus, waitpid},
    },
    unistd::{ForkResult, chdir, fork, getppid, pivot_root, sethostname},
};
use serde::{Deserialize, Serialize};

/// A job for the launcher: what the job file holds.
#[derive(Debug, Serialize, Deserialize)]
pub struct Job {
    /// The run's scratch folder on the machine (`/tmp/netplate-lab-…`); its
    /// `io/` is bind-mounted at `/lab` inside the VM.
    pub scratch: PathBuf,
    /// Layer upper folders to stack over `/`, top first.
    pub layers: Vec<PathBuf>,
    /// The cgroup2 folder made for this job (removed by the launcher), if
    /// the job boots systemd.
    pub cgroup: Option<PathBuf>,
    /// What runs inside.
    pub work: Work,
}

/// What a job does once inside its root.
#[derive(Debug, Serialize, Deserialize)]
pub enum Work {
    /// Build a package layer: the overlay's upper is the layer itself.
    Layer(super::layer::Build),
    /// Run one scenario in the simulated network.
    Scenario(Box<super::scenario::Scenario>),
}

/// The cgroup2 mount of the machine, from `/proc/self/mountinfo`.
pub fn cgroup2_root() -> Option<PathBuf> {
    let text = fs::read_to_string("/proc/self/mountinfo").ok()?;
    text.lines().find_map(|line| {
        let (left, right) = line.split_once(" - ")?;
        let fstype = right.split_whitespace().next()?;
        let point = left.split_whitespace().nth(4)?;
        (fstype == "cgroup2").then(|| PathBuf::from(point))
    })
}

/// Starts the launcher for `job_file`: new UTS, IPC and PID namespaces, and
/// a new network namespace when `own_network` (a scenario; a layer build
/// needs the machine's network to reach the package mirror).
pub fn spawn(
    job_file: &Path,
    own_network: bool,
    log: fs::File,
) -> std::io::Result<std::process::Child> {
    // /proc/self/exe, not current_exe(): it still runs when the binary was
    // replaced on disk since (a rebuild during a long run).
    let mut command = Command::new("/proc/self/exe");
    command
        .arg("__lab")
        .arg(job_file)
        .env("NETPLATE_LAB_PARENT", std::process::id().to_string())
        .stdin(Stdio::null())
        .stdout(log.try_clone()?)
        .stderr(log);
    let mut flags = CloneFlags::CLONE_NEWUTS | CloneFlags::CLONE_NEWIPC | CloneFlags::CLONE_NEWPID;
    if own_network {
        flags |= CloneFlags::CLONE_NEWNET;
    }
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        command.pre_exec(move || {
            unshare(flags).map_err(std::io::Error::from)?;
            Ok(())
        });
    }
    command.spawn()
}

static STOP: AtomicBool = AtomicBool::new(false);

extern "C" fn on_stop(_: nix::libc::c_int) {
    STOP.store(true, Ordering::SeqCst);
}

/// `netplate __lab JOB`: the launcher (see the module docs).
pub fn launcher_main(job_file: &Path) -> ExitCode {
    let job: Job = match fs::read_to_string(job_file)
        .map_err(|e| e.to_string())
        .and_then(|t| serde_json::from_str(&t).map_err(|e| e.to_string()))
    {
        Ok(job) => job,
        Err(e) => {
            eprintln!("lab: cannot read the job {}: {e}", job_file.display());
            return ExitCode::from(2);
        }
    };
    let action = SigAction::new(
        SigHandler::Handler(on_stop),
        SaFlags::empty(),
        SigSet::empty(),
    );
    for signal in [Signal::SIGINT, Signal::SIGTERM, Signal::SIGHUP] {
        // SAFETY: the handler only stores to an atomic.
        let _ = unsafe { sigaction(signal, &action) };
    }
    let _ = prctl::set_pdeathsig(Signal::SIGTERM);
    let parent = std::env::var("NETPLATE_LAB_PARENT").ok();
    if parent.is_some_and(|p| p != getppid().to_string()) {
        // netplate test died before the death signal was armed.
        return ExitCode::from(3);
    }
    // SAFETY: the launcher is single-threaded (a fresh exec; no thread started).
    let child = match unsafe { fork() } {
        Ok(ForkResult::Child) => {
            let code = init_main(&job);
            let _ = std::io::stdout().flush();
            let _ = std::io::stderr().flush();
            // SAFETY: exit without running the parent's destructors twice.
            unsafe { nix::libc::_exit(code) };
        }
        Ok(ForkResult::Parent { child }) => child,
        Err(e) => {
            eprintln!("lab: fork: {e}");
            return ExitCode::from(2);
        }
    };
    let mut killed = false;
    let code = loop {
        if STOP.load(Ordering::SeqCst) && !killed {
            let _ = kill(child, Signal::SIGKILL);
            killed = true;
        }
        match waitpid(child, None) {
            Ok(WaitStatus::Exited(_, code)) => break code,
            Ok(WaitStatus::Signaled(..)) => break 4,
            Ok(_) => continue,
            Err(Errno::EINTR) => continue,
            Err(_) => break 4,
        }
    };
    if let Some(cgroup) = &job.cgroup {
        remove_cgroup(cgroup);
    }
    if killed {
        // Nobody reads this job's results any more: leave nothing behind.
        let _ = fs::remove_dir_all(&job.scratch);
        eprintln!("lab: interrupted: the namespaces were killed");
        return ExitCode::from(130);
    }
    ExitCode::from(u8::try_from(code).unwrap_or(4))
}

/// Removes a cgroup2 subtree once the kernel reports it empty (processes
/// killed a moment ago may still be exiting), deepest folders first.
pub fn remove_cgroup(dir: &Path) {
    if !dir.exists() {
        return;
    }
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        let events = fs::read_to_string(dir.join("cgroup.events")).unwrap_or_default();
        if events.lines().any(|l| l == "populated 0") {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    fn rmdirs(dir: &Path) {
        if let Ok(entries) = fs::read_dir(dir) {
            for entry in entries.flatten() {
                if entry.file_type().is_ok_and(|t| t.is_dir()) {
                    rmdirs(&entry.path());
                }
            }
        }
        let _ = fs::remove_dir(dir);
    }
    rmdirs(dir);
}

/// PID 1 of the job: builds the root, enters it, runs the work.
fn init_main(job: &Job) -> i32 {
    let _ = prctl::set_pdeathsig(Signal::SIGKILL);
    match enter_root(job) {
        Ok(()) => {}
        Err(e) => {
            eprintln!("lab: cannot build the VM root: {e}");
            return 2;
        }
    }
    match &job.work {
        Work::Layer(build) => super::layer::build_inside(build),
        Work::Scenario(scenario) => super::scenario::run_inside(scenario),
    }
}

fn sys(what: &str, r: nix::Result<()>) -> Result<(), String> {
    r.map_err(|e| format!("{what}: {e}"))
}

fn mount_fs(fstype: &str, target: &Path, flags: MsFlags, data: Option<&str>) -> Result<(), String> {
    sys(
        &format!("mount {fstype} on {}", target.display()),
        mount(Some(fstype), target, Some(fstype), flags, data),
    )
}

fn bind(source: &Path, target: &Path, read_only: bool) -> Result<(), String> {
    sys(
        &format!("bind {} on {}", source.display(), target.display()),
        mount(
            Some(source),
            target,
            None::<&str>,
            MsFlags::MS_BIND | MsFlags::MS_REC,
            None::<&str>,
        ),
    )?;
    if read_only {
        // Read-only per mount (remount,bind), not per superblock: a sysfs
        // superblock is shared by every sysfs mount of the network namespace.
        sys(
            &format!("remount {} read-only", target.display()),
            mount(
                None::<&str>,
                target,
                None::<&str>,
                MsFlags::MS_REMOUNT | MsFlags::MS_BIND | MsFlags::MS_RDONLY,
                None::<&str>,
            ),
        )?;
    }
    Ok(())
}

/// Mounts a private `/dev` on `dev`: a tmpfs with the few nodes a system
/// needs, its own devpts, and `console` bound to `null` (NetworkManager
/// writes to the console when there is no syslog).
pub fn private_dev(dev: &Path) -> Result<(), String> {
    mount_fs("tmpfs", dev, MsFlags::MS_NOSUID, Some("mode=755,size=8m"))?;
    for (name, major, minor) in [
        ("null", 1, 3),
        ("zero", 1, 5),
        ("full", 1, 7),
        ("random", 1, 8),
        ("urandom", 1, 9),
        ("tty", 5, 0),
    ] {
        let path = dev.join(name);
        sys(
            &format!("mknod {}", path.display()),
            mknod(
                &path,
                SFlag::S_IFCHR,
                Mode::from_bits_truncate(0o666),
                makedev(major, minor),
            ),
        )?;
        let _ = fs::set_permissions(&path, fs::Permissions::from_mode(0o666));
    }
    for d in ["pts", "shm", "net"] {
        fs::create_dir_all(dev.join(d)).map_err(|e| format!("mkdir {d}: {e}"))?;
    }
    mount_fs(
        "devpts",
        &dev.join("pts"),
        MsFlags::empty(),
        Some("newinstance,ptmxmode=0666,mode=620"),
    )?;
    mount_fs(
        "tmpfs",
        &dev.join("shm"),
        MsFlags::MS_NOSUID | MsFlags::MS_NODEV,
        Some("mode=1777"),
    )?;
    // /dev/net/tun for tools that probe it: not needed; the folder is enough.
    for (link, target) in [
        ("ptmx", "pts/ptmx"),
        ("fd", "/proc/self/fd"),
        ("stdin", "/proc/self/fd/0"),
        ("stdout", "/proc/self/fd/1"),
        ("stderr", "/proc/self/fd/2"),
    ] {
        std::os::unix::fs::symlink(target, dev.join(link))
            .map_err(|e| format!("symlink {link}: {e}"))?;
    }
    fs::write(dev.join("console"), b"").map_err(|e| format!("console: {e}"))?;
    bind(&dev.join("null"), &dev.join("console"), false)
}

/// `/proc` on `proc` with `/proc/sys` read-only except `/proc/sys/net`: no
/// tool inside can change a machine-wide sysctl.
pub fn private_proc(proc: &Path) -> Result<(), String> {
    mount_fs(
        "proc",
        proc,
        MsFlags::MS_NOSUID | MsFlags::MS_NODEV | MsFlags::MS_NOEXEC,
        None,
    )?;
    let sys_dir = proc.join("sys");
    bind(&sys_dir, &sys_dir, true)?;
    let net = sys_dir.join("net");
    sys(
        "bind /proc/sys/net",
        mount(
            Some(&net),
            &net,
            None::<&str>,
            MsFlags::MS_BIND,
            None::<&str>,
        ),
    )?;
    sys(
        "remount /proc/sys/net read-write",
        mount(
            None::<&str>,
            &net,
            None::<&str>,
            MsFlags::MS_REMOUNT | MsFlags::MS_BIND,
            None::<&str>,
        ),
    )
}

fn copy_tree(from: &Path, to: &Path) -> Result<(), String> {
    // cp -a keeps what an overlay layer is made of: whiteouts (0/0 character
    // devices), the opaque-folder xattrs, owners and modes.
    let status = Command::new("cp")
        .arg("-a")
        .arg(from)
        .arg(to)
        .status()
        .map_err(|e| format!("cp: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("cp -a {} {} failed", from.display(), to.display()))
    }
}

fn enter_root(job: &Job) -> Result<(), String> {
    sys(
        "unshare the mount namespace",
        unshare(CloneFlags::CLONE_NEWNS),
    )?;
    sys(
        "make every mount private",
        mount(
            None::<&str>,
            "/",
            None::<&str>,
            MsFlags::MS_REC | MsFlags::MS_PRIVATE,
            None::<&str>,
        ),
    )?;
    let t = job.scratch.join("t");
    fs::create_dir_all(&t).map_err(|e| format!("mkdir {}: {e}", t.display()))?;
    mount_fs("tmpfs", &t, MsFlags::empty(), Some("mode=755"))?;
    let root = t.join("root");
    let (upper, work) = match &job.work {
        // A layer build writes into the layer itself.
        Work::Layer(build) => (build.layer.join("up"), build.layer.join("work")),
        Work::Scenario(_) => (t.join("up"), t.join("work")),
    };
    for d in [&root, &upper, &work] {
        fs::create_dir_all(d).map_err(|e| format!("mkdir {}: {e}", d.display()))?;
    }
    let mut lower = String::new();
    for (i, layer) in job.layers.iter().enumerate() {
        let staged = t.join(format!("L{i}"));
        copy_tree(layer, &staged)?;
        lower.push_str(&format!("{}:", staged.display()));
    }
    lower.push('/');
    let data = format!(
        "lowerdir={lower},upperdir={},workdir={}",
        upper.display(),
        work.display()
    );
    mount_fs("overlay", &root, MsFlags::empty(), Some(&data))?;
    private_proc(&root.join("proc"))?;
    // sysfs of the VM's network namespace, read-only per mount: systemd
    // then assumes no udev; a boot binds its own devices/virtual/net rw.
    mount_fs(
        "sysfs",
        &root.join("sys"),
        MsFlags::MS_NOSUID | MsFlags::MS_NODEV | MsFlags::MS_NOEXEC,
        None,
    )?;
    bind(&root.join("sys"), &root.join("sys"), true)?;
    private_dev(&root.join("dev"))?;
    mount_fs(
        "tmpfs",
        &root.join("run"),
        MsFlags::MS_NOSUID | MsFlags::MS_NODEV,
        Some("mode=755"),
    )?;
    mount_fs(
        "tmpfs",
        &root.join("tmp"),
        MsFlags::MS_NOSUID | MsFlags::MS_NODEV,
        Some("mode=1777"),
    )?;
    let io = job.scratch.join("io");
    let lab = root.join("lab");
    fs::create_dir_all(&lab).map_err(|e| format!("mkdir /lab: {e}"))?;
    bind(&io, &lab, false)?;
    if let Work::Layer(build) = &job.work {
        let archives = root.join("var/cache/apt/archives");
        fs::create_dir_all(&archives).map_err(|e| format!("mkdir archives: {e}"))?;
        bind(&build.archives, &archives, false)?;
    }
    if let Some(cgroup) = &job.cgroup {
        let target = root.join("run/lab-cg");
        fs::create_dir_all(&target).map_err(|e| format!("mkdir /run/lab-cg: {e}"))?;
        bind(cgroup, &target, false)?;
    }
    sys("sethostname", sethostname(OsStr::new("vm")))?;
    sys("chdir", chdir(&root))?;
    fs::create_dir_all(root.join(".oldroot")).map_err(|e| format!("mkdir .oldroot: {e}"))?;
    sys("pivot_root", pivot_root(".", ".oldroot"))?;
    sys("chdir /", chdir("/"))?;
    sys(
        "detach the old root",
        umount2("/.oldroot", MntFlags::MNT_DETACH),
    )?;
    let _ = fs::remove_dir("/.oldroot");
    // SAFETY: single-threaded; PATH for the tools of the VM root.
    unsafe {
        std::env::set_var("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        std::env::remove_var("NETPLATE_LAB_PARENT");
    }
    // The VM root must be what `/` is now, never the machine's.
    if !Path::new("/lab").is_dir() {
        return Err("after pivot_root, / is not the VM root".into());
    }
    Ok(())
}
