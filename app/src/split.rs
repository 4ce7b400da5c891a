//! The pages the browser loads apart from the main bundle (`cargo leptos
//! build --split`): their code is fetched with the page (the
//! server-rendered page names its chunks for the browser to preload) or on
//! the first visit to it. Residents' pages (home, the proposals) stay in
//! the main bundle: measured, splitting them too made each of them heavier
//! (brotli compresses many small files less well than one), while
//! splitting out the draws, drafts, ledger, accounts and staff pages took
//! a third off what a resident downloads. On the server nothing is split.

use leptos::prelude::*;
use leptos_router::{LazyRoute, lazy_route};

use crate::pages::{
    AccessibilityPage, AccountPage, AdminUsersPage, BoardPage, CompositionPage, ConfirmSignUpPage,
    DraftPage, DraftsPage, DrawPage, DrawVerifyPage, DrawsPage, ForgotPasswordPage, InvitationPage,
    LedgerPage, LegalPage, ModerationPage, NewProposalPage, NotificationsPage, PrivacyPage,
    ResetPasswordPage, RosterPage, SignInPage, SignUpPage, SittingPage, SittingScreenPage,
    SittingsPage, UnsubscribePage, VersionsPage, VolunteerPage,
};

/// A route whose view is the page component, split out.
macro_rules! split {
    ($($route:ident => $page:ident),* $(,)?) => {$(
        pub struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(this: Self) -> AnyView {
                let _ = this;
                view! { <$page/> }.into_any()
            }
        }
    )*};
}

split! {
    NewProposal => NewProposalPage,
    Accessibility => AccessibilityPage,
    Legal => LegalPage,
    Privacy => PrivacyPage,
    Versions => VersionsPage,
    Draws => DrawsPage,
    Draw => DrawPage,
    DrawVerify => DrawVerifyPage,
    Roster => RosterPage,
    Invitation => InvitationPage,
    Ledger => LedgerPage,
    Moderation => ModerationPage,
    Drafts => DraftsPage,
    Draft => DraftPage,
    Notifications => NotificationsPage,
    Unsubscribe => UnsubscribePage,
    Volunteer => VolunteerPage,
    SignUp => SignUpPage,
    Sittings => SittingsPage,
    Sitting => SittingPage,
    SittingScreen => SittingScreenPage,
    ConfirmSignUp => ConfirmSignUpPage,
    SignIn => SignInPage,
    ForgotPassword => ForgotPasswordPage,
    ResetPassword => ResetPasswordPage,
    Account => AccountPage,
    AdminUsers => AdminUsersPage,
    Board => BoardPage,
    Composition => CompositionPage,
}
