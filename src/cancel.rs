//! Cooperative cancellation of one request's work.
//!
//! Owns [`CancelToken`] and the token of the running thread: a caller that
//! may give up on a request (the HTTP server, at its deadline, when the
//! client goes away, or at shutdown) runs the work inside [`scope`], and the
//! long loops of the engine call [`checkpoint`], which fails with
//! [`Error::Cancelled`] once the token is cancelled. Outside a scope (the
//! CLI) a checkpoint costs one thread-local read and never fails.
//!
//! Does not own when to cancel (the caller decides) nor where the engine
//! checks (the engine's loops do).

use std::cell::RefCell;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use crate::error::{Error, Result};

/// A flag shared by whoever may cancel a piece of work and the work itself;
/// a child token is also cancelled by its parent.
#[derive(Debug, Clone, Default)]
pub struct CancelToken {
    own: Arc<AtomicBool>,
    parent: Option<Arc<AtomicBool>>,
}

impl CancelToken {
    /// A token cancelled by nothing but [`CancelToken::cancel`].
    pub fn new() -> CancelToken {
        CancelToken::default()
    }

    /// A token cancelled by itself or by `parent` (e.g. the server's shutdown).
    /// One level deep: the parent's own parent is not consulted.
    pub fn child_of(parent: &CancelToken) -> CancelToken {
        CancelToken {
            own: Arc::default(),
            parent: Some(Arc::clone(&parent.own)),
        }
    }

    pub fn cancel(&self) {
        self.own.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.own.load(Ordering::Relaxed)
            || self
                .parent
                .as_ref()
                .is_some_and(|parent| parent.load(Ordering::Relaxed))
    }

    /// A guard that cancels this token when dropped: work whose caller went
    /// away (a dropped future) stops at its next checkpoint.
    pub fn cancel_on_drop(&self) -> CancelOnDrop {
        CancelOnDrop(self.clone())
    }
}

/// Cancels its token when dropped.
#[derive(Debug)]
pub struct CancelOnDrop(CancelToken);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.cancel();
    }
}

thread_local! {
    static CURRENT: RefCell<Option<CancelToken>> = const { RefCell::new(None) };
}

/// Runs `work` on this thread with `token` as the one its checkpoints check.
pub fn scope<R>(token: &CancelToken, work: impl FnOnce() -> R) -> R {
    struct Restore(Option<CancelToken>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let previous = self.0.take();
            CURRENT.with(|current| *current.borrow_mut() = previous);
        }
    }
    let previous = CURRENT.with(|current| current.borrow_mut().replace(token.clone()));
    let _restore = Restore(previous);
    work()
}

/// Whether the work running on this thread has been cancelled.
pub fn is_cancelled() -> bool {
    CURRENT.with(|current| {
        current
            .borrow()
            .as_ref()
            .is_some_and(CancelToken::is_cancelled)
    })
}

/// Fails with [`Error::Cancelled`] when the work running on this thread has
/// been cancelled; called by the engine between units of work.
pub fn checkpoint() -> Result<()> {
    if is_cancelled() {
        return Err(Error::Cancelled);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checkpoint_fails_only_inside_a_cancelled_scope() {
        assert!(checkpoint().is_ok());
        let token = CancelToken::new();
        scope(&token, || {
            assert!(checkpoint().is_ok());
            token.cancel();
            assert!(matches!(checkpoint(), Err(Error::Cancelled)));
        });
        assert!(checkpoint().is_ok(), "the scope ends with its work");
    }

    #[test]
    fn a_parent_cancels_its_children_and_a_dropped_guard_its_token() {
        let shutdown = CancelToken::new();
        let request = CancelToken::child_of(&shutdown);
        let other = CancelToken::child_of(&shutdown);
        {
            let _guard = request.cancel_on_drop();
            assert!(!request.is_cancelled());
        }
        assert!(request.is_cancelled());
        assert!(!other.is_cancelled());
        shutdown.cancel();
        assert!(other.is_cancelled());
    }

    #[test]
    fn a_token_is_seen_from_the_thread_that_runs_the_work() {
        let token = CancelToken::new();
        let worker = token.clone();
        let handle = std::thread::spawn(move || {
            scope(&worker, || {
                while checkpoint().is_ok() {
                    std::thread::yield_now();
                }
            })
        });
        token.cancel();
        handle.join().expect("the worker stops at its checkpoint");
    }
}
