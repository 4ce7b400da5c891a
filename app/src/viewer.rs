//! Who is signed in, shared by the header and every page through context.

use domain::Viewer;
use leptos::prelude::*;

use crate::error::AppError;

#[derive(Clone, Copy)]
pub struct ViewerCtx {
    resource: Resource<Result<Option<Viewer>, AppError>>,
    /// Set after signing in or out in this page, ahead of a refetch.
    known: RwSignal<Option<Option<Viewer>>>,
}

impl ViewerCtx {
    /// The viewer, reactively (read it inside a `Suspense`/`Transition`).
    pub fn get(&self) -> Option<Viewer> {
        match self.known.get() {
            Some(known) => known,
            None => self.resource.get().and_then(Result::ok).flatten(),
        }
    }

    pub async fn load(&self) -> Option<Viewer> {
        match self.known.get_untracked() {
            Some(known) => known,
            None => self.resource.await.ok().flatten(),
        }
    }

    pub fn signed_in(&self, viewer: Viewer) {
        self.known.set(Some(Some(viewer)));
    }

    pub fn signed_out(&self) {
        self.known.set(Some(None));
    }

    pub fn refetch(&self) {
        self.known.set(None);
        self.resource.refetch();
    }
}

/// Provides the viewer to every page; `whoami` is the server function that
/// asks (passed in, so that this module needs nothing from the features).
pub fn provide_viewer<F>(whoami: fn() -> F)
where
    F: std::future::Future<Output = Result<Option<Viewer>, AppError>> + Send + 'static,
{
    provide_context(ViewerCtx {
        resource: Resource::new(|| (), move |_| whoami()),
        known: RwSignal::new(None),
    });
}

pub fn use_viewer() -> ViewerCtx {
    expect_context::<ViewerCtx>()
}
