//! What Linux's `/proc` says about this process: its peak resident memory
//! (`VmHWM`) and its CPU time; and the calling thread's CPU clock. Reads only; the
//! children print these figures and the parent parses them ([`super::child`]).

/// Peak resident set size of this process, in kB.
pub(crate) fn vm_hwm_kb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|kb| kb.parse().ok())
        .unwrap_or(0)
}

/// CPU time of the calling thread so far, in ns, from the thread's CPU
/// clock. (`/proc/thread-self/schedstat` is not read: for the running thread
/// it is brought up to date only at the scheduler's ticks, 4 ms here, so
/// that a search of 2 ms read 0 or 4.)
pub(crate) fn thread_cpu_ns() -> u64 {
    let now = rustix::time::clock_gettime(rustix::time::ClockId::ThreadCPUTime);
    u64::try_from(now.tv_sec).unwrap_or(0) * 1_000_000_000 + u64::try_from(now.tv_nsec).unwrap_or(0)
}

/// User + system CPU time of this process (all threads) so far, in seconds.
pub(crate) fn cpu_seconds() -> f64 {
    stat_seconds(11)
}

/// User + system CPU time of this process's waited-for children so far, in
/// seconds.
pub(crate) fn children_cpu_seconds() -> f64 {
    stat_seconds(13)
}

/// The sum of the two clock-tick fields of `/proc/self/stat` that start at
/// `first` (counted from the field after the command name).
fn stat_seconds(first: usize) -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // fields after the command name, which is in parentheses
    let rest = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the line (11 and 12 here),
    // cutime and cstime 16 and 17 (13 and 14 here)
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // USER_HZ is 100 on every Linux we run on
    (ticks(first) + ticks(first + 1)) / 100.0
}

#[cfg(test)]
mod tests {
    use super::thread_cpu_ns;

    #[test]
    fn the_thread_cpu_clock_moves_in_steps_far_below_a_millisecond() {
        // a clock that moved only at the scheduler's ticks would step by
        // 1–10 ms; a search of a millisecond must be measurable
        let start = thread_cpu_ns();
        assert!(start > 0, "no CPU clock for this thread");
        let mut now = start;
        while now == start {
            now = thread_cpu_ns();
        }
        assert!(
            now - start < 100_000,
            "the thread's CPU time stepped by {} ns",
            now - start
        );
    }
}
