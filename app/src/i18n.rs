//! Every word of the interface, in French and English.
//!
//! A message is an enum variant, so a missing translation is a compile error
//! and the wasm bundle carries plain string tables, not a runtime parser.

use domain::{
    AmendmentStatus, CityVerdict, Lang, Origin, Outcome, ProposalSort, ProposalStatus, QueryError,
    Stance, Theme,
};
use leptos::prelude::*;

/// The language of the current request: the visitor's cookie, else French.
#[cfg(feature = "ssr")]
pub fn request_lang() -> Lang {
    use_context::<http::request::Parts>()
        .and_then(|parts| {
            parts
                .headers
                .get_all(http::header::COOKIE)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .find_map(Lang::from_cookie_header)
        })
        .unwrap_or_default()
}

/// The language the server rendered the page in, read back from `<html lang>`
/// so that hydration starts from exactly the same text.
#[cfg(not(feature = "ssr"))]
pub fn request_lang() -> Lang {
    #[cfg(feature = "hydrate")]
    {
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
            .and_then(|e| e.get_attribute("lang"))
            .and_then(|code| Lang::parse(&code))
            .unwrap_or_default()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        Lang::default()
    }
}

macro_rules! messages {
    ($($key:ident => $fr:literal, $en:literal;)+) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Msg { $($key),+ }

        impl Msg {
            pub const ALL: &'static [Msg] = &[$(Msg::$key),+];

            pub fn text(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((Msg::$key, Lang::Fr) => $fr, (Msg::$key, Lang::En) => $en,)+
                }
            }
        }
    };
}

messages! {
    SiteName => "Assemblée citoyenne de Paris", "Paris Citizens' Assembly";
    SkipToContent => "Aller au contenu", "Skip to content";
    MainNav => "Navigation principale", "Main navigation";
    NavHome => "Accueil", "Home";
    NavProposals => "Propositions", "Proposals";
    SwitchLanguage => "English", "Français";
    SwitchLanguageLabel => "Switch to English", "Passer en français";
    Loading => "Chargement…", "Loading…";
    HomeTitle => "100 Parisiennes et Parisiens tirés au sort proposent, la Ville répond.",
        "100 Parisians drawn by lot make proposals; the city answers.";
    HomeLead => "L'Assemblée citoyenne réunit des habitants de 16 ans et plus, tirés au sort pour refléter Paris. Ils délibèrent sur les sujets de la ville et portent leurs propres propositions. Chacun peut lire, commenter, soutenir et suivre les réponses de la Ville.",
        "The Citizens' Assembly gathers residents aged 16 and over, drawn by lot to reflect Paris. They deliberate on city issues and put their own proposals. Anyone can read, comment, support them and follow the city's answers.";
    SeeProposals => "Voir les propositions", "See the proposals";
    StatMembers => "membres siègent", "members sitting";
    StatVolunteers => "volontaires dans le tirage", "volunteers in the draw";
    StatProposals => "propositions en débat ou décidées", "proposals debated or decided";
    StatAdopted => "adoptées par l'assemblée", "adopted by the assembly";
    StatAnswered => "ont reçu une réponse de la Ville", "answered by the city";
    KeyFigures => "Chiffres clés", "Key figures";
    LatestProposals => "Dernières propositions", "Latest proposals";
    HowItWorks => "Comment ça marche", "How it works";
    HowDraw => "Un tirage au sort vérifiable : des quotas de genre, d'âge, de diplôme et d'arrondissement, et des chances aussi égales que possible pour chaque volontaire.",
        "A verifiable lottery: quotas on gender, age, diploma and district, and chances as equal as possible for every volunteer.";
    HowDeliberate => "Les membres délibèrent, amendent et votent les propositions, les leurs comme celles des habitants.",
        "Members deliberate, amend and vote on proposals, their own and residents'.";
    HowAnswer => "La Ville répond à chaque proposition adoptée et publie l'avancement de sa mise en œuvre.",
        "The city answers every adopted proposal and publishes progress on its implementation.";
    ProposalsTitle => "Propositions", "Proposals";
    Filters => "Filtrer les propositions", "Filter proposals";
    FilterTheme => "Thème", "Theme";
    FilterStatus => "Étape", "Stage";
    FilterOrigin => "Origine", "Origin";
    FilterSearch => "Rechercher", "Search";
    FilterSort => "Trier par", "Sort by";
    Apply => "Appliquer", "Apply";
    Search => "Chercher", "Go";
    FiltersAndSort => "Filtres et tri", "Filters and sorting";
    FiltersOn => "en cours", "on";
    AllThemes => "Tous les thèmes", "All themes";
    AllStatuses => "Toutes les étapes", "All stages";
    AllOrigins => "Toutes les origines", "All origins";
    NoResults => "Aucune proposition ne correspond à ces critères.", "No proposal matches these criteria.";
    ResultsCount => "propositions", "proposals";
    Pagination => "Pagination", "Pages";
    Previous => "Précédente", "Previous";
    Next => "Suivante", "Next";
    PageOf => "Page {page} sur {pages}", "Page {page} of {pages}";
    Supports => "soutiens", "supports";
    Comments => "Commentaires", "Comments";
    CommentsCount => "commentaires", "comments";
    ProposedBy => "Proposée par", "Proposed by";
    History => "Parcours", "Progress";
    Amendments => "Amendements", "Amendments";
    Votes => "Vote de l'assemblée", "Assembly vote";
    VoteOpen => "Vote en cours", "Voting open";
    VoteClosed => "Vote clos", "Voting closed";
    SecretBallot => "scrutin secret", "secret ballot";
    NamedBallot => "scrutin nominatif", "named ballot";
    MajoritySimple => "majorité simple", "simple majority";
    MajorityTwoThirds => "majorité des deux tiers", "two-thirds majority";
    Quorum => "quorum", "quorum";
    Turnout => "participation", "turnout";
    ChoiceFor => "Pour", "For";
    ChoiceAgainst => "Contre", "Against";
    ChoiceAbstain => "Abstention", "Abstain";
    CityResponse => "Réponse de la Ville", "The city's answer";
    FollowUp => "Suivi de la mise en œuvre", "Implementation follow-up";
    NoComments => "Pas encore de commentaire.", "No comments yet.";
    HiddenComment => "Commentaire masqué par la modération :", "Comment hidden by moderation:";
    Upvotes => "votes utiles", "upvotes";
    BackToList => "Toutes les propositions", "All proposals";
    NotFoundTitle => "Page introuvable", "Page not found";
    NotFoundText => "Cette page n'existe pas ou a été déplacée.", "This page does not exist or has moved.";
    BackHome => "Retour à l'accueil", "Back to the home page";
    ErrorInternal => "Le service a rencontré un problème. Réessayez dans un instant.", "The service ran into a problem. Please try again in a moment.";
    ErrorUnauthorized => "Connectez-vous pour continuer.", "Please sign in to continue.";
    ErrorForbidden => "Vous n'avez pas le droit de faire cela.", "You are not allowed to do this.";
    ErrorConflict => "Cette action a déjà été faite.", "This has already been done.";
    ErrorNetwork => "Connexion au serveur impossible. Vérifiez votre réseau.", "Cannot reach the server. Check your connection.";
    BadStatus => "Cette étape n'existe pas.", "This stage does not exist.";
    BadOrigin => "Cette origine n'existe pas.", "This origin does not exist.";
    BadSort => "Ce tri n'existe pas.", "This sort order does not exist.";
    BadTheme => "Ce thème n'est pas valide.", "This theme is not valid.";
    TextTooLong => "La recherche est trop longue (100 caractères au plus).", "The search is too long (100 characters at most).";
    BadPage => "Ce numéro de page n'est pas valide.", "This page number is not valid.";
    BadLanguage => "Langue inconnue.", "Unknown language.";
    TooManyAttempts => "Trop de tentatives. Réessayez dans {seconds} secondes.", "Too many attempts. Try again in {seconds} seconds.";
    FieldEmpty => "Ce champ est obligatoire.", "This field is required.";
    FieldTooLong => "Trop long ({max} caractères au plus).", "Too long ({max} characters at most).";
    DraftTooLong => "Avec ce changement, le brouillon dépasserait sa longueur maximale.", "With this change, the draft would be over its maximum length.";
    FieldTooShort => "Trop court ({min} caractères au moins).", "Too short ({min} characters at least).";
    FieldEmail => "Cette adresse e-mail n'est pas valide.", "This e-mail address is not valid.";
    FieldWeakPassword => "Ce mot de passe est trop facile à deviner : choisissez une phrase de plusieurs mots.", "This password is too easy to guess: choose a phrase of several words.";
    FieldControl => "Ce texte contient des caractères invisibles.", "This text contains invisible characters.";
    FieldAge => "Il faut avoir 16 ans ou plus pour participer.", "You must be 16 or older to take part.";
    EmailTaken => "Cette adresse a déjà un compte : connectez-vous ou réinitialisez le mot de passe.", "This address already has an account: sign in or reset the password.";
    BadCredentials => "Adresse e-mail ou mot de passe incorrect.", "Wrong e-mail address or password.";
    WrongPassword => "Mot de passe incorrect.", "Wrong password.";
    ResetExpired => "Ce lien n'est plus valide : demandez-en un nouveau.", "This link is no longer valid: ask for a new one.";
    LastFacilitator => "L'assemblée doit garder au moins un facilitateur ou une facilitatrice.", "The assembly must keep at least one facilitator.";
    BadRole => "Rôle inconnu.", "Unknown role.";
    SignUpTitle => "Créer un compte", "Create an account";
    SignUpLead => "Un compte permet de commenter, de soutenir des propositions et de se porter volontaire pour le tirage au sort.", "An account lets you comment, support proposals and volunteer for the lottery.";
    DisplayName => "Nom affiché", "Display name";
    DisplayNameHint => "Il apparaît à côté de vos contributions publiques.", "It appears next to your public contributions.";
    Email => "Adresse e-mail", "E-mail address";
    Password => "Mot de passe", "Password";
    PasswordHint => "10 caractères au moins ; une phrase de plusieurs mots est idéale.", "At least 10 characters; a phrase of several words is ideal.";
    AgeConfirm => "J'ai 16 ans ou plus.", "I am 16 or older.";
    SignUpButton => "Créer mon compte", "Create my account";
    HaveAccount => "Déjà un compte ?", "Already have an account?";
    SignInTitle => "Se connecter", "Sign in";
    SignInButton => "Se connecter", "Sign in";
    SignedInAs => "Connecté·e en tant que", "Signed in as";
    ForgotPassword => "Mot de passe oublié ?", "Forgot your password?";
    NoAccount => "Pas encore de compte ?", "No account yet?";
    ForgotTitle => "Mot de passe oublié", "Forgotten password";
    SittingNotConvened => "Les réponses à la convocation sont closes : la séance est ouverte ou terminée.", "Answers to the convocation are closed: the sitting has opened or ended.";
    SittingNotOpen => "La séance n'est pas ouverte : l'émargement et la prise de parole n'ont lieu que pendant la séance.", "The sitting is not open: checking in and taking the floor only happen during the sitting.";
    FloorTitle => "Prise de parole", "The floor";
    FloorCurrentItem => "Point en cours", "Item under way";
    FloorNoItem => "Aucun point en cours.", "No item under way.";
    FloorSpeaking => "À la parole", "Has the floor";
    FloorNobodySpeaking => "Personne n'a la parole.", "Nobody has the floor.";
    FloorQueue => "Inscrits pour parler", "Waiting to speak";
    FloorQueueEmpty => "Personne n'attend la parole.", "Nobody is waiting to speak.";
    FloorAsk => "Demander la parole", "Ask for the floor";
    FloorWithdraw => "Retirer ma demande", "Withdraw my request";
    FloorYouWait => "Vous êtes inscrit·e pour parler, place", "You are waiting to speak, place";
    FloorYouSpeak => "Vous avez la parole.", "You have the floor.";
    FloorGiveNext => "Donner la parole au suivant", "Give the floor to the next";
    FloorGive => "Donner la parole", "Give the floor";
    FloorEnd => "Mettre fin à la parole", "End the turn";
    FloorRemove => "Retirer de la file", "Take off the queue";
    FloorSpeakingTime => "Temps de parole", "Speaking time";
    FloorTimeLeft => "restant", "left";
    FloorOvertime => "dépassé de", "over by";
    FloorTakeUp => "Passer à ce point", "Take up this item";
    FloorUnderWay => "en cours", "under way";
    FloorNotPresent => "Émargez d'abord : la parole se demande depuis la salle.", "Check in first: the floor is asked for from the room.";
    FloorAlreadyWaiting => "Vous êtes déjà inscrit·e pour parler.", "You are already waiting to speak.";
    FloorAlreadySpeaking => "Ce membre a déjà la parole.", "This member already has the floor.";
    FloorNotWaiting => "Cette demande n'est plus dans la file : la page vient de changer.", "This request is no longer in the queue: the page has just changed.";
    HandsTitle => "Vote à main levée", "Show of hands";
    HandsReason => "Pourquoi à main levée", "Why by show of hands";
    HandsRecord => "Enregistrer le résultat", "Record the result";
    HandsNotACount => "Un nombre entier, 0 ou plus.", "A whole number, 0 or more.";
    HandsMoreThanPresent => "Plus de mains que de membres présents ({present}).", "More hands than members present ({present}).";
    HandsNone => "Aucune main comptée.", "No hand counted.";
    HandsCounted => "présents lors du vote", "present at the vote";
    VoteInSitting => "Quorum compté sur les membres présents en séance", "Quorum counted from the members present at the sitting";
    VoteInSittingHint => "Quand cette proposition est le point en cours d'une séance ouverte.", "When this proposal is the item under way of an open sitting.";
    VoteNotUnderWay => "Cette proposition n'est le point en cours d'aucune séance ouverte : le quorum ne peut pas être compté sur les présents.", "This proposal is not the item under way of any open sitting: the quorum cannot be counted from those present.";
    QuorumOfPresent => "des membres présents en séance", "of the members present at the sitting";
    ScreenTitle => "Écran de la salle", "Room screen";
    ScreenLink => "Afficher l'écran de la salle", "Show the room screen";
    ScreenNotOpen => "La séance n'est pas ouverte.", "The sitting is not open.";
    NotSeated => "Vous ne siégez pas à cette séance.", "You do not sit at this sitting.";
    WrongRoomCode => "Ce n'est pas le code affiché dans la salle (il change toutes les deux minutes).", "This is not the code shown in the room (it changes every two minutes).";
    AlreadyPresent => "Vous êtes déjà noté·e présent·e.", "You are already marked present.";
    AttendanceTitle => "Présence", "Attendance";
    AttendanceAnswers => "Réponses à la convocation", "Answers to the convocation";
    AnswerComing => "Présents annoncés", "Coming";
    AnswerAbsentCount => "Absents", "Absent";
    AnswerExcusedCount => "Excusés", "Excused";
    AnswerNone => "Sans réponse", "Not answered";
    PresentOf => "Présents", "Present";
    QuorumMet => "atteint", "reached";
    QuorumNotMet => "pas atteint", "not reached";
    YourAnswer => "Votre réponse à la convocation", "Your answer to the convocation";
    AnswerPresent => "Je serai présent·e", "I will be there";
    AnswerAbsent => "Je serai absent·e", "I will be absent";
    AnswerExcused => "Je m'excuse", "I send my apologies";
    YouAreMarkedPresent => "Vous êtes noté·e présent·e.", "You are marked present.";
    RoomCodeLabel => "Code affiché dans la salle", "Code shown in the room";
    CheckInButton => "Je suis là", "I am here";
    RoomCodeNow => "Code de la salle", "Room code";
    RoomCodeUntil => "valable jusqu'à", "valid until";
    RoomCodeRefresh => "Nouveau code", "New code";
    RollCall => "Appel", "Roll call";
    RollCallSearch => "Chercher un membre (nom ou code M-…)", "Find a member (name or M-… label)";
    MarkPresent => "Présent·e", "Present";
    UnmarkPresent => "Retirer la présence", "Take presence back";
    CheckedInByCode => "émargé·e avec le code", "checked in with the code";
    MarkedByRollCall => "noté·e à l'appel", "marked at the roll call";
    NavSittings => "Séances", "Sittings";
    SittingsTitle => "Les séances de l'assemblée", "The assembly's sittings";
    SittingsLead => "L'assemblée se réunit en séance plénière à l'Hôtel de Ville. Chaque séance a son ordre du jour ; ses votes et son compte rendu sont publics.", "The assembly meets in plenary sitting at the Hôtel de Ville. Each sitting has its agenda; its votes and minutes are public.";
    SittingsUpcoming => "Prochaines séances", "Upcoming sittings";
    SittingsPast => "Séances passées", "Past sittings";
    NoSittingsUpcoming => "Aucune séance n'est convoquée pour l'instant.", "No sitting is convened for now.";
    NoSittingsPast => "Aucune séance passée.", "No past sitting.";
    SittingsCalendar => "Ajouter à mon agenda (iCalendar)", "Add to my calendar (iCalendar)";
    SittingTitle => "Séance plénière du", "Plenary sitting of";
    SittingCalendarName => "Séance plénière de l'Assemblée citoyenne", "Plenary sitting of the Citizens' Assembly";
    SittingPlace => "Lieu", "Place";
    SittingWhen => "Date et heure", "Date and time";
    SittingLivestream => "Retransmission en direct", "Livestream";
    SittingAgenda => "Ordre du jour", "Agenda";
    SittingAgendaEmpty => "L'ordre du jour n'est pas encore établi.", "The agenda is not set yet.";
    SittingPlanned => "Durée prévue", "Planned length";
    MinutesShort => "min", "min";
    NewSitting => "Préparer une séance", "Prepare a sitting";
    SittingStarts => "Début (heure de Paris)", "Starts (Paris time)";
    SittingEnds => "Fin (heure de Paris)", "Ends (Paris time)";
    SittingLivestreamField => "Lien de la retransmission (facultatif)", "Livestream link (optional)";
    CreateSitting => "Créer la séance", "Create the sitting";
    SaveSitting => "Enregistrer", "Save";
    EditSitting => "Modifier la date ou le lieu", "Change the date or place";
    AgendaAdd => "Ajouter un point", "Add an item";
    AgendaItemTitle => "Intitulé du point", "Item title";
    AgendaItemMinutes => "Temps prévu (minutes)", "Time allotted (minutes)";
    AgendaItemPurpose => "Nature", "Kind";
    AgendaItemProposal => "Proposition concernée (facultatif)", "Proposal taken up (optional)";
    AgendaNoProposal => "Aucune", "None";
    AgendaBadProposal => "Choisissez une proposition de la liste.", "Choose a proposal from the list.";
    AgendaRemove => "Retirer", "Remove";
    AgendaUp => "Monter", "Move up";
    AgendaDown => "Descendre", "Move down";
    SittingFacilitation => "Animation de la séance", "Running the sitting";
    SittingNotPublic => "Séance en préparation : seule l'équipe d'animation la voit jusqu'à la convocation.", "Sitting in preparation: only the facilitation team sees it until it is convened.";
    OnAgendaOf => "À l'ordre du jour de la séance du", "On the agenda of the sitting of";
    SittingNotEditable => "La séance est ouverte : son ordre du jour et ses détails ne changent plus.", "The sitting has opened: its agenda and details no longer change.";
    SittingStepRefused => "Cette étape n'est pas possible depuis l'état actuel de la séance.", "This step is not possible from the sitting's current state.";
    SittingInPast => "Choisissez une date à venir.", "Choose a date to come.";
    SittingEndsBeforeStart => "La fin doit venir après le début.", "The end must come after the start.";
    SittingTooLong => "Une séance dure 12 heures au plus.", "A sitting lasts 12 hours at most.";
    Minutes => "Compte rendu", "Minutes";
    MinutesTitle => "Compte rendu de la séance du", "Minutes of the sitting of";
    MinutesNone => "Le compte rendu sera rédigé après la séance, puis approuvé lors de la séance suivante.", "The minutes are written after the sitting, then approved at the next one.";
    MinutesBeingWritten => "Le compte rendu est en cours de rédaction ; il sera soumis à l'approbation de la séance suivante.", "The minutes are being written; they will be put to the approval of the next sitting.";
    MinutesOpenDraft => "Ouvrir le brouillon du compte rendu", "Open the minutes' draft";
    MinutesStart => "Rédiger le compte rendu", "Write the minutes";
    MinutesApprove => "Faire approuver le compte rendu par la séance en cours", "Have the sitting under way approve the minutes";
    MinutesApprovedIn => "Approuvé lors de la séance du", "Approved at the sitting of";
    MinutesHash => "Empreinte SHA-256 du texte approuvé (aussi dans le registre)", "SHA-256 of the approved text (also in the ledger)";
    MinutesNotNow => "Le compte rendu se rédige une fois la séance close, jusqu'à son approbation.", "The minutes are written once the sitting has closed, until they are approved.";
    MinutesNotWritten => "Le compte rendu est vide : rédigez-le avant de le faire approuver.", "The minutes are empty: write them before having them approved.";
    MinutesNeedASitting => "Un compte rendu s'approuve en séance : ouvrez d'abord la séance suivante.", "Minutes are approved in session: open the next sitting first.";
    MinutesOfSitting => "Ce brouillon est le compte rendu d'une séance : l'équipe d'animation le rédige, les membres le lisent et proposent des modifications.", "This draft is a sitting's minutes: the facilitation team writes them, members read them and suggest changes.";
    MinutesFrozen => "Compte rendu approuvé : le texte est figé.", "Minutes approved: the text is frozen.";
    NotAWebLink => "Indiquez un lien complet, commençant par https://", "Give a full link, starting with https://";
    MinutesOutOfRange => "Entre 1 et 600 minutes.", "Between 1 and 600 minutes.";
    NotATime => "Indiquez une date et une heure (une heure sautée au changement d'heure n'existe pas).", "Give a date and a time (an hour skipped by the clock change does not exist).";
    SignupSent => "C'est presque fini : ouvrez le lien que nous venons d'envoyer à cette adresse pour créer votre compte. Il est valable 24 heures. Rien reçu ? Regardez dans les indésirables, ou vérifiez l'adresse et recommencez.", "Almost done: open the link we have just sent to this address to create your account. It is valid for 24 hours. Nothing arrived? Look in your spam folder, or check the address and try again.";
    ConfirmSignupTitle => "Confirmer mon adresse", "Confirm my address";
    ConfirmSignupLead => "Votre adresse est vérifiée. Un dernier clic crée votre compte et vous connecte.", "Your address is checked. One last click creates your account and signs you in.";
    ConfirmSignupButton => "Créer mon compte", "Create my account";
    AccountCreated => "Votre compte est créé. Bienvenue,", "Your account is created. Welcome,";
    SignupLinkExpired => "Ce lien n'est plus valide (déjà utilisé, ou plus de 24 heures) : inscrivez-vous de nouveau.", "This link is no longer valid (already used, or older than 24 hours): sign up again.";
    SignupMailSubject => "Confirmez votre adresse pour créer votre compte", "Confirm your address to create your account";
    SignupMailBody => "Pour confirmer votre adresse et créer votre compte sur l'Assemblée citoyenne, ouvrez ce lien dans les 24 heures :", "To confirm your address and create your account on the Citizens' Assembly, open this link within 24 hours:";
    SignupMailWhy => "Vous recevez ce message parce que quelqu'un a demandé un compte avec cette adresse. Si ce n'est pas vous, ignorez-le : rien ne sera créé.", "You receive this message because someone asked for an account with this address. If it was not you, ignore it: nothing will be created.";
    KnownMailSubject => "Vous avez déjà un compte", "You already have an account";
    KnownMailBody => "Quelqu'un, peut-être vous, a demandé à créer un compte avec cette adresse, qui en a déjà un. Rien n'a changé. Pour vous connecter :", "Someone, perhaps you, asked to create an account with this address, which already has one. Nothing has changed. To sign in:";
    KnownMailForgot => "Mot de passe oublié ?", "Forgot your password?";
    KnownMailWhy => "Si ce n'est pas vous, ignorez ce message : votre compte et votre mot de passe restent tels quels.", "If it was not you, ignore this message: your account and password stay as they are.";
    ResetSent => "Si un compte existe pour cette adresse, un lien pour choisir un nouveau mot de passe vient d'y être envoyé. Il est valable une heure.", "If an account exists for this address, a link to choose a new password has just been sent to it. It is valid for one hour.";
    SendResetLink => "Envoyer le lien", "Send the link";
    ResetTitle => "Choisir un nouveau mot de passe", "Choose a new password";
    PasswordReset => "Votre mot de passe a été changé.", "Your password has been changed.";
    NewPassword => "Nouveau mot de passe", "New password";
    SavePassword => "Enregistrer le mot de passe", "Save the password";
    RoleMember => "Membre de l'assemblée", "Assembly member";
    RoleFacilitator => "Facilitation", "Facilitator";
    RoleCityOfficial => "Ville de Paris", "City official";
    RoleResident => "Habitant·e", "Resident";
    YourRoles => "Vos rôles :", "Your roles:";
    SignOut => "Se déconnecter", "Sign out";
    ProfileTitle => "Profil", "Profile";
    Language => "Langue", "Language";
    Saved => "Enregistré.", "Saved.";
    Save => "Enregistrer", "Save";
    ChangePasswordTitle => "Changer de mot de passe", "Change password";
    CurrentPassword => "Mot de passe actuel", "Current password";
    PasswordChanged => "Mot de passe changé. Vos autres sessions ont été fermées.", "Password changed. Your other sessions were closed.";
    YourData => "Vos données", "Your data";
    ExportLead => "Téléchargez tout ce que la plateforme conserve à votre sujet (JSON).", "Download everything the platform holds about you (JSON).";
    ExportButton => "Télécharger mes données", "Download my data";
    DeleteTitle => "Supprimer mon compte", "Delete my account";
    DeleteLead => "Vos données personnelles seront effacées. Vos contributions publiques resteront, signées « compte supprimé ».", "Your personal data will be erased. Your public contributions will stay, signed \"deleted account\".";
    ConfirmWithPassword => "Confirmez avec votre mot de passe", "Confirm with your password";
    DeleteButton => "Supprimer définitivement mon compte", "Delete my account for good";
    AccountDeleted => "Votre compte a été supprimé.", "Your account has been deleted.";
    AdminUsersTitle => "Comptes et rôles", "Accounts and roles";
    AccountsCount => "comptes", "accounts";
    Grant => "Attribuer", "Grant";
    Revoke => "Retirer", "Revoke";
    Yes => "Oui", "Yes";
    No => "Non", "No";
    NavSignIn => "Se connecter", "Sign in";
    NavAccount => "Mon compte", "My account";
    AccountTitle => "Mon compte", "My account";
    NavAdmin => "Comptes", "Accounts";
    DeletedAccount => "compte supprimé", "deleted account";
    NavDraws => "Tirages", "Draws";
    DrawsTitle => "Tirages au sort", "Draws";
    DrawsLead => "Chaque tirage est publié avec toutes ses données : chacun peut le refaire et vérifier que personne ne l'a orienté.", "Every draw is published with all its data: anyone can redo it and check that nobody steered it.";
    Seats => "sièges", "seats";
    Volunteers => "volontaires", "volunteers";
    Term => "Mandat", "Term";
    EqualChance => "Chance si tous avaient la même", "Chance if everyone had the same";
    MinChance => "Chance la plus faible", "Lowest chance";
    MaxChance => "Chance la plus forte", "Highest chance";
    PickedPanel => "Panel tiré", "Panel drawn";
    VerifyTitle => "Vérifier ce tirage", "Verify this draw";
    VerifyLead => "Votre navigateur peut refaire tout le calcul à partir des données publiées : les quotas, les chances de chacun, les 1 000 panels possibles et le panel tiré avec la graine.", "Your browser can redo the whole computation from the published data: the quotas, everyone's chances, the 1,000 possible panels and the panel drawn with the seed.";
    InputsHash => "Empreinte des données (SHA-256)", "Inputs fingerprint (SHA-256)";
    Seed => "Graine", "Seed";
    Engine => "Moteur", "Engine";
    DownloadRecord => "Télécharger le dossier complet du tirage (JSON)", "Download the draw's complete record (JSON)";
    VerifyButton => "Vérifier dans mon navigateur", "Verify in my browser";
    VerifyNoScript => "La vérification dans le navigateur demande JavaScript. Sans lui, téléchargez le dossier et lancez « lottery verify ».", "Verifying in the browser needs JavaScript. Without it, download the record and run \"lottery verify\".";
    Verifying => "Vérification en cours… (quelques secondes)", "Verifying… (a few seconds)";
    Verified => "Tirage vérifié : votre navigateur a obtenu exactement le même résultat.", "Draw verified: your browser got exactly the same result.";
    NotVerified => "Échec de la vérification : au moins une étape ne correspond pas.", "Verification failed: at least one step does not match.";
    Quotas => "Quotas", "Quotas";
    Feature => "Critère", "Feature";
    Value => "Valeur", "Value";
    QuotaRange => "Sièges permis", "Seats allowed";
    Seated => "Sièges obtenus", "Seats filled";
    EditQuotas => "Modifier les quotas", "Edit the quotas";
    QuotaFillTitle => "Quotas : le panel tiré et la moyenne de la loterie", "Quotas: the panel drawn and the lottery's average";
    QuotaFillLead => "Pour chaque valeur : les sièges permis (zone claire), les sièges du panel tiré (barre) et la moyenne sur les 1 000 panels de la loterie (trait).",
        "For each value: the seats allowed (light band), the seats of the panel drawn (bar) and the average over the lottery's 1,000 panels (line).";
    DrawnSeats => "Panel tiré", "Panel drawn";
    AverageSeats => "Moyenne", "Average";
    Chart => "Graphique", "Chart";
    ChancesTitle => "Les chances de chaque volontaire", "Each volunteer's chance";
    ChancesLead => "Nombre de volontaires par chance d'être tiré. Sans quotas, chacun aurait", "Number of volunteers by chance of being drawn. Without quotas, everyone would have";
    ChancesAxis => "Axe horizontal : chance d'être tiré ; hauteur : nombre de volontaires.", "Across: chance of being drawn; height: number of volunteers.";
    QuotaEditorLead => "Chaque valeur reçoit entre un minimum et un maximum de sièges. La cible est la part de la valeur dans la population parisienne (recensement) multipliée par le nombre de sièges. Les totaux et les problèmes se mettent à jour pendant la saisie.",
        "Each value gets between a minimum and a maximum of seats. The target is the value's share of the Paris population (census) times the number of seats. Totals and problems update as you type.";
    CensusTarget => "Cible (recensement)", "Target (census)";
    VolunteersSoFar => "Volontaires à ce jour", "Volunteers so far";
    Minimum => "Minimum", "Min.";
    Maximum => "Maximum", "Max.";
    Total => "Total", "Sum";
    CensusTolerance => "Marge autour de la cible", "Margin around the target";
    ResetToCensus => "Repartir du recensement", "Start again from the census";
    WholeSeats => "Chaque minimum et maximum doit être un nombre entier de sièges.", "Every minimum and maximum must be a whole number of seats.";
    QuotasAddUp => "Les quotas s'additionnent correctement et le vivier actuel suffit pour chaque minimum.", "The quotas add up, and the current pool has enough people for every minimum.";
    SaveQuotas => "Enregistrer les quotas", "Save the quotas";
    QuotasSaved => "Quotas enregistrés.", "Quotas saved.";
    SaveBeforeCheck => "Enregistrez d'abord les quotas.", "Save the quotas first.";
    CheckQuotasWithPool => "Vérifier avec le vivier actuel", "Check against the current pool";
    CheckingQuotas => "Recherche d'un panel respectant les quotas…", "Looking for a panel that meets the quotas…";
    QuotasFeasible => "Au moins un panel respecte ces quotas avec les volontaires actuels.", "At least one panel meets these quotas with the current volunteers.";
    Members => "Membres", "Members";
    MembersLead => "Nom affiché pour les membres qui l'acceptent ; pour chacun, un code de membre sans lien avec son pseudonyme du tirage.", "Names shown for members who agree; for everyone, a member code with no link to their draw pseudonym.";
    WrongStage => "Ce n'est pas possible à cette étape de la proposition.", "This is not possible at this stage of the proposal.";
    NotDrawnYet => "Ce tirage n'a pas encore eu lieu. Dès qu'il aura eu lieu, cette page le refera entièrement dans votre navigateur, à partir de son dossier publié.", "This draw has not taken place yet. Once it has, this page will redo it entirely in your browser, from its published record.";
    VerifiableAfter => "Il aura lieu après la publication de la valeur publique annoncée, le", "It will take place after the announced public value is published, on";
    VerifiableOncePoolCloses => "Sa date sera fixée à la clôture du pool des volontaires, avant le début du mandat, le", "Its date will be set when the volunteer pool closes, before the term starts on";
    CommentsClosed => "Les commentaires sont fermés : cette proposition est close, son dossier ne change plus.", "Comments are closed: this proposal is closed and its record no longer changes.";
    TooDeep => "Les réponses s'arrêtent au troisième niveau.", "Replies stop at the third level.";
    BadStance => "Choisissez pour, contre ou neutre.", "Choose for, against or neutral.";
    BadChoice => "Choisissez pour, contre ou abstention.", "Choose for, against or abstain.";
    YourComment => "Votre commentaire", "Your comment";
    YourStance => "Votre position", "Your position";
    PostComment => "Publier", "Post";
    Reply => "Répondre", "Reply";
    SignInToTakePart => "Connectez-vous pour commenter, soutenir ou voter.", "Sign in to comment, support or vote.";
    Support => "Soutenir cette proposition", "Support this proposal";
    WithdrawSupport => "Retirer mon soutien", "Withdraw my support";
    YouSupport => "Vous soutenez cette proposition.", "You support this proposal.";
    YourBallot => "Votre vote", "Your vote";
    CastBallot => "Voter", "Vote";
    BallotRecorded => "Votre vote est enregistré ; vous pouvez le changer jusqu'à la clôture.", "Your vote is recorded; you can change it until the vote closes.";
    BallotSealedRecorded => "Votre bulletin secret est déposé. Personne, pas même la plateforme, ne peut savoir ce que vous avez voté.", "Your secret ballot is cast. Nobody, not even the platform, can tell how you voted.";
    SecretBallotIsFinal => "Vote secret : une fois déposé, votre bulletin ne peut plus être changé, car rien ne relie votre nom à votre choix.", "Secret ballot: once cast, your ballot cannot be changed, since nothing links your name to your choice.";
    BallotSealed => "Vous avez déjà déposé votre bulletin secret ; il ne peut pas être changé.", "You have already cast your secret ballot; it cannot be changed.";
    ResultsAtClose => "Les totaux d'un vote secret sont publiés à sa clôture.", "A secret vote's totals are published when it closes.";
    CloseVote => "Clore le vote", "Close the vote";
    NextStep => "Étape suivante", "Next step";
    BoardTitle => "Suivi des propositions adoptées", "What became of the adopted proposals";
    BoardNav => "Suivi", "Tracking";
    BoardLead => "Ce que la Ville a fait de chaque proposition adoptée par l'assemblée : la direction qui en répond, la date à laquelle sa réponse est due, sa réponse, ses engagements datés et leur mise en œuvre. Une réponse ou un engagement qui n'arrive pas à temps est signalé en retard.", "What the city did with each proposal the assembly adopted: the department answering for it, the date its answer is due, its answer, its dated commitments and what was carried out. An answer or a commitment that does not come in time is flagged late.";
    LateFeed => "Flux Atom des réponses en retard", "Atom feed of late answers";
    BoardOpenData => "Données ouvertes des transmissions", "Open data of the proposals sent";
    CompositionNav => "Composition", "Composition";
    CompositionTitle => "Composition de l'assemblée", "The assembly's composition";
    CompositionLead => "L'assemblée doit ressembler à Paris. Pour chaque critère du tirage : les sièges que demande la part de chaque groupe dans le recensement, les sièges que le tirage devait respecter, ceux obtenus au tirage et ceux d'aujourd'hui, après les départs et les remplacements.", "The assembly must look like Paris. For each criterion of the draw: the seats each group's share of the census calls for, the seats the draw had to keep to, those it got at the draw and those it holds today, after departures and replacements.";
    NoCohortYet => "Aucune cohorte ne siège encore : la composition paraîtra après le premier tirage.", "No cohort sits yet: its composition will show after the first draw.";
    CohortSitting => "Membres qui siègent", "Members sitting";
    CohortSeats => "Sièges", "Seats";
    CohortEmpty => "Sièges vacants", "Empty seats";
    CohortReplaced => "Membres remplacés", "Members replaced";
    AtDraw => "Au tirage", "At the draw";
    Today => "Aujourd'hui", "Today";
    OutsideRange => "hors des sièges permis", "outside the seats allowed";
    CompositionChartLegend => "Zone claire : les sièges permis ; trait : la cible du recensement ; barre pâle : au tirage ; barre foncée : aujourd'hui.", "Light zone: the seats allowed; line: the census target; pale bar: at the draw; dark bar: today.";
    ReplacementsTitle => "Départs et remplacements", "Departures and replacements";
    ReplacementsLead => "Un siège quitté ou refusé est rendu par un tirage public dans le même pool, qui garde les quotas.", "A seat left or declined is filled again by a public draw from the same pool, which keeps to the quotas.";
    NoReplacementYet => "Aucun tour de remplacement pour l'instant.", "No replacement round so far.";
    RoundColumn => "Tour", "Round";
    DateColumn => "Date", "Date";
    ProposalColumn => "Proposition", "Proposal";
    SittingsAttendance => "Présence aux séances", "Attendance at sittings";
    ParticipationTitle => "Participation aux votes", "Participation in votes";
    NoSittingHeld => "Aucune séance tenue pour l'instant.", "No sitting held so far.";
    NoVoteClosed => "Aucun vote clos pour l'instant.", "No vote closed so far.";
    PresentColumn => "Présents", "Present";
    SeatedColumn => "Membres", "Members";
    VotersColumn => "Votants", "Voters";
    EligibleColumn => "Pouvaient voter", "Could vote";
    RateColumn => "Taux", "Rate";
    CompositionPrivacy => "Ces chiffres sont des totaux : la présence et les votes d'un membre ne sont montrés qu'à lui-même et aux animateurs.", "These figures are totals: a member's own attendance and votes are shown only to them and to the facilitators.";
    CompositionLink => "Voir la composition de l'assemblée au regard du recensement", "See the assembly's composition against the census";
    FilterDepartment => "Direction", "Department";
    AllDepartments => "Toutes les directions", "All departments";
    BoardAdopted => "Propositions adoptées", "Proposals adopted";
    BoardLate => "Réponses en retard", "Answers late";
    BoardMedianAnswer => "Délai médian de réponse", "Median time to answer";
    BoardImplementedShare => "Propositions acceptées réalisées", "Accepted proposals carried out";
    BoardByTrack => "Par étape", "By step";
    BoardCount => "Nombre", "Number";
    BoardByTheme => "Par thème", "By theme";
    BoardByDepartment => "Par direction", "By department";
    BoardAnswered => "Répondues", "Answered";
    BoardItems => "Les propositions", "The proposals";
    TimelineAdopted => "Adoptée le", "Adopted on";
    TimelineSent => "Transmise le", "Sent on";
    TimelineDue => "Réponse due au plus tard le", "Answer due by";
    TimelineAnswered => "Réponse le", "Answered on";
    TimelineProgress => "Avancement :", "Progress:";
    TimelineImplemented => "Réalisée le", "Carried out on";
    DepartmentsTitle => "Directions de la Ville", "The city's departments";
    DepartmentsLead => "Chaque proposition adoptée est transmise à une direction ; seuls les agents de cette direction y répondent. Ils sont prévenus par e-mail une semaine avant la date due et le jour même.", "Each adopted proposal is sent to one department; only that department's officials answer it. They are reminded by e-mail a week before the due date and on the day.";
    AddDepartment => "Ajouter une direction", "Add a department";
    NoOfficialYet => "Aucun agent ne répond encore pour cette direction.", "No official answers for this department yet.";
    RemoveOfficial => "Retirer", "Remove";
    AddOfficial => "Agent qui répond", "Official who answers";
    AddButton => "Ajouter", "Add";
    AnswerMonths => "Délai de réponse de la Ville (mois)", "The city's time to answer (months)";
    AnswerMonthsHint => "De 1 à 24 mois après la transmission ; les propositions déjà transmises gardent leur date.", "From 1 to 24 months after sending; proposals already sent keep their date.";
    SentToDepartment => "Direction responsable :", "Responsible department:";
    AnswerDueBy => "réponse attendue au plus tard le", "answer due by";
    ResponsibleDepartment => "Direction de la Ville qui répondra", "City department that will answer";
    NoDepartmentYet => "Aucune direction de la Ville n'est enregistrée : la proposition ne peut pas encore être transmise.", "No city department is listed yet: the proposal cannot be sent yet.";
    KeepDepartments => "Gérer les directions", "Manage the departments";
    DepartmentExists => "Une direction porte déjà ce nom (ou ce nom ne contient ni lettre ni chiffre).", "A department has this name already (or the name has no letter or digit).";
    NoSuchDepartment => "Choisissez une des directions de la Ville proposées.", "Choose one of the city's departments offered.";
    NotAnOfficial => "Seuls les agents de la Ville répondent pour une direction : donnez-lui d'abord ce rôle.", "Only city officials answer for a department: give them that role first.";
    OtherDepartment => "Cette proposition a été transmise à une autre direction : seuls ses agents y répondent.", "This proposal was sent to another department: only its officials answer it.";
    BadAnswerMonths => "Le délai est un nombre entier de mois, de 1 à 24.", "The delay is a whole number of months, from 1 to 24.";
    NothingPromised => "Une réponse défavorable ne prend pas d'engagement.", "A rejected answer makes no commitment.";
    NoSuchCommitment => "Choisissez un des engagements de cette proposition.", "Choose one of this proposal's commitments.";
    CommitmentDone => "Cet engagement est déjà tenu : il ne reçoit plus de point d'étape.", "This commitment is already met: it takes no further report.";
    BadDueDay => "Indiquez une date (jour, mois, année).", "Enter a date (day, month, year).";
    DueDayPast => "Cette date est passée : choisissez aujourd'hui ou plus tard.", "This date has passed: choose today or later.";
    DueDayTooFar => "Un engagement se tient en six ans au plus : choisissez une date plus proche.", "A commitment runs six years at most: choose a nearer date.";
    Commitments => "Engagements de la Ville", "The city's commitments";
    CommitmentTitle => "Engagement pris", "Commitment made";
    CommitmentDueDay => "À tenir au plus tard le", "To be met by";
    AddCommitment => "Prendre cet engagement", "Make this commitment";
    MilestoneOn => "Point d'étape sur", "Report on";
    MilestoneOnWhole => "La proposition dans son ensemble", "The proposal as a whole";
    CommitmentDueBy => "à tenir au plus tard le", "due by";
    CommitmentMet => "Tenu le", "Met on";
    CommitmentsOverdue => "Engagements en retard", "Overdue commitments";
    BoardCommitmentsMet => "Engagements tenus", "Commitments met";
    ThemeExists => "Un thème porte déjà ce nom (ou ce nom ne contient ni lettre ni chiffre).", "A theme has this name already (or the name has no letter or digit).";
    AddTheme => "Ajouter un thème", "Add a theme";
    ThemeNameFr => "Nom en français", "Name in French";
    ThemeNameEn => "Nom en anglais", "Name in English";
    ThemeAdded => "Thème ajouté.", "Theme added.";
    OwnComment => "Ce n'est pas possible sur votre propre commentaire.", "You cannot do this on your own comment.";
    CommentIsHidden => "Ce commentaire a été masqué par la modération.", "This comment was hidden by moderation.";
    AlreadyReported => "Vous avez déjà signalé ce commentaire ; les animateurs l'examineront.", "You already reported this comment; the facilitators will review it.";
    UpvoteComment => "Utile", "Helpful";
    UpvoteCommentLabel => "Marquer ce commentaire comme utile", "Mark this comment as helpful";
    UndoUpvoteLabel => "Retirer votre vote utile", "Take back your upvote";
    Edited => "modifié", "edited";
    EditComment => "Modifier", "Edit";
    SaveComment => "Enregistrer la modification", "Save the change";
    ReportComment => "Signaler", "Report";
    ReportReason => "Pourquoi ce commentaire pose-t-il problème ?", "Why is this comment a problem?";
    SendReport => "Envoyer le signalement", "Send the report";
    ReportSent => "Merci : les animateurs vont examiner ce commentaire.", "Thank you: the facilitators will review this comment.";
    NavModeration => "Modération", "Moderation";
    ModerationTitle => "Modération des commentaires", "Comment moderation";
    ModerationLead => "Les commentaires signalés par les habitants. Masquer un commentaire garde sa place dans la discussion, affiche la raison à tous et l'inscrit au registre public ; son auteur est prévenu.", "Comments residents reported. Hiding a comment keeps its place in the discussion, shows the reason to everyone and records it in the public ledger; its author is told.";
    ModerationEmpty => "Aucun signalement en attente.", "No reports waiting.";
    ReportReasons => "Raisons des signalements", "Reasons given";
    HideReason => "Raison publique du masquage", "Public reason for hiding";
    HideComment => "Masquer le commentaire", "Hide the comment";
    KeepComment => "Garder le commentaire", "Keep the comment";
    ModerationDone => "C'est fait.", "Done.";
    NavNotifications => "Notifications", "Notifications";
    UnreadCount => "non lues", "unread";
    NotificationsEmpty => "Rien de nouveau pour vous.", "Nothing new for you.";
    MarkAllRead => "Tout marquer comme lu", "Mark all as read";
    NotificationUnread => "Nouveau", "New";
    PutToVote => "Soumettre au vote de l'assemblée", "Put to the assembly's vote";
    AmendmentVoteTitle => "Vote sur l'amendement n°", "Vote on amendment #";
    DraftPublished => "Ce brouillon est déjà publié comme proposition.", "This draft is already published as a proposal.";
    NotAMember => "Seuls les membres de l'assemblée en cours peuvent écrire ensemble.", "Only members of the sitting assembly can write together.";
    NavDrafts => "Brouillons", "Drafts";
    NavMenu => "Menu", "Menu";
    MenuHoldsCurrent => "(la page actuelle est dans ce menu)", "(the current page is in this menu)";
    FooterAccessibility => "Accessibilité : non conforme", "Accessibility: not compliant";
    LegalTitle => "Mentions légales", "Legal notices";
    AccessibilityTitle => "Déclaration d'accessibilité", "Accessibility statement";
    PrivacyTitle => "Données personnelles", "Personal data";
    DraftsTitle => "Brouillons écrits à plusieurs", "Drafts written together";
    DraftsLead => "Les membres de l'assemblée écrivent leurs propositions ensemble, en direct : chaque frappe apparaît chez les co-auteurs, même depuis un téléphone, et rien n'est perdu hors connexion. Les autres membres suivent et suggèrent des changements.", "Assembly members write their proposals together, live: every keystroke appears for the co-authors, even from a phone, and nothing is lost offline. Other members follow and suggest changes.";
    StartDraft => "Commencer un brouillon", "Start a draft";
    NoDrafts => "Aucun brouillon pour l'instant.", "No drafts yet.";
    DraftPublishedBadge => "Publié comme proposition", "Published as a proposal";
    DraftRoleChanged => "Vous êtes désormais co-auteur de ce brouillon.", "You are now a co-author of this draft.";
    ReloadToWrite => "Recharger la page pour y écrire", "Reload the page to write in it";
    DraftReaderNotice => "Vous suivez ce brouillon en direct. Pour le modifier, suggérez un changement : ses auteurs l'accepteront ou non.", "You follow this draft live. To change it, suggest a change: its authors will accept it or not.";
    DraftTextLabel => "Texte du brouillon", "Draft text";
    DraftPresent => "Présents", "Here now";
    Connecting => "Connexion…", "Connecting…";
    Suggestions => "Suggestions", "Suggestions";
    NoSuggestions => "Aucune suggestion.", "No suggestions.";
    SuggestChange => "Suggérer un changement", "Suggest a change";
    SendSuggestion => "Envoyer la suggestion", "Send the suggestion";
    DraftVersions => "Versions enregistrées", "Saved versions";
    DraftHistory => "Avant la publication : le brouillon écrit à plusieurs", "Before publication: the draft written together";
    DraftHistoryLead => "Les versions que ses auteurs ont enregistrées, et les suggestions d'autres membres qu'ils ont acceptées, chacune avec qui l'a écrite.", "The versions its authors saved, and the other members' suggestions they accepted, each with who wrote it.";
    AcceptedSuggestions => "Suggestions acceptées", "Accepted suggestions";
    SaveVersion => "Enregistrer une version", "Save a version";
    NoVersions => "Aucune version enregistrée.", "No saved version.";
    Version => "Version", "Version";
    Coauthors => "Co-auteurs", "Co-authors";
    InviteCoauthor => "Inviter comme co-auteur", "Invite as co-author";
    PublishDraft => "Publier comme proposition", "Publish as a proposal";
    PublishDraftLead => "Le texte tel qu'il est devient une proposition de l'assemblée, avec ses auteurs ; le brouillon ne se modifie plus.", "The text as it stands becomes an assembly proposal, with its authors; the draft then takes no more edits.";
    WrittenBy => "Écrite à plusieurs :", "Written together by:";
    HowItWasWritten => "comment elle a été écrite", "how it was written";
    NotOnAgenda => "Cette proposition d'habitant a {supports} soutiens sur les {needed} nécessaires pour entrer à l'ordre du jour de l'assemblée.", "This resident's proposal has {supports} supports of the {needed} it needs to reach the assembly's agenda.";
    SupportsToAgenda => "soutiens pour entrer à l'ordre du jour de l'assemblée", "supports to reach the assembly's agenda";
    OnAgenda => "À l'ordre du jour de l'assemblée : assez d'habitants l'ont soutenue.", "On the assembly's agenda: enough residents supported it.";
    AgendaThreshold => "Soutiens nécessaires pour qu'une proposition d'habitant entre à l'ordre du jour", "Supports a resident's proposal needs to reach the agenda";
    SaveThreshold => "Enregistrer le seuil", "Save the threshold";
    ThresholdSaved => "Seuil enregistré.", "Threshold saved.";
    BadThreshold => "Le seuil est un nombre entier de 1 à 100 000.", "The threshold is a whole number from 1 to 100,000.";
    PassageNotFound => "Ce passage ne figure pas tel quel dans le texte actuel : copiez-le exactement.", "This passage is not in the current text as typed: copy it exactly.";
    PassageAmbiguous => "Ce passage apparaît plusieurs fois : citez-en un peu plus.", "This passage appears several times: quote a little more of it.";
    NoChange => "La nouvelle rédaction est identique au passage.", "The new wording is the same as the passage.";
    ProposeAmendment => "Proposer un amendement", "Propose an amendment";
    AmendmentPassage => "Passage à modifier (copié du texte)", "Passage to change (copied from the text)";
    AmendmentNewWording => "Nouvelle rédaction", "New wording";
    AmendmentRationale => "Pourquoi ce changement", "Why this change";
    SubmitAmendment => "Déposer l'amendement", "Submit the amendment";
    AcceptAmendment => "Accepter", "Accept";
    RejectAmendment => "Refuser", "Reject";
    Versions => "Versions du texte", "Versions of the text";
    VersionsLead => "Chaque amendement accepté crée une version. Choisissez deux versions pour voir les différences mot à mot.", "Each accepted amendment makes a version. Choose two versions to see the differences word by word.";
    VersionN => "Version n°", "Version";
    CompareFrom => "De la version", "From version";
    CompareTo => "À la version", "To version";
    Compare => "Comparer", "Compare";
    SeeVersions => "Historique des versions et différences", "Version history and differences";
    FromAmendment => "amendement accepté", "accepted amendment";
    OpenAmendments => "Ouvrir les amendements", "Open for amendments";
    SendToCity => "Transmettre à la Ville", "Send to the city";
    MajorityRule => "Majorité requise", "Majority required";
    QuorumPercent => "Quorum (% des membres qui doivent voter)", "Quorum (% of members who must vote)";
    SecretBallotOption => "Vote secret (seuls les totaux sont publiés)", "Secret ballot (only the totals are published)";
    OpenVote => "Ouvrir le vote", "Open the vote";
    CityVerdictLabel => "Réponse de la Ville", "The city's answer";
    CityReasons => "Motifs et engagements", "Reasons and commitments";
    PublishAnswer => "Publier la réponse", "Publish the answer";
    MilestoneTitle => "Étape de mise en œuvre", "Implementation step";
    MilestoneProgress => "Avancement (%)", "Progress (%)";
    PostMilestone => "Publier l'avancement", "Publish the progress";
    MarkImplemented => "Marquer comme réalisée", "Mark as implemented";
    CloseProposal => "Clore la proposition", "Close the proposal";
    BadMajority => "Choisissez la majorité simple ou les deux tiers.", "Choose a simple majority or two thirds.";
    BadQuorum => "Le quorum est un pourcentage entre 0 et 100.", "The quorum is a percentage between 0 and 100.";
    BadClosingTime => "Indiquez une date et une heure qui existent à Paris (jj/mm/aaaa hh:mm).", "Give a date and a time that exist in Paris (dd/mm/yyyy hh:mm).";
    ClosingTooSoon => "Le vote doit rester ouvert au moins une heure.", "The vote must stay open for at least an hour.";
    ClosingTooLate => "Le vote ne peut pas rester ouvert plus de 60 jours.", "The vote cannot stay open for more than 60 days.";
    ClosingTimeLabel => "Clôture automatique (heure de Paris, facultatif)", "Closes by itself at (Paris time, optional)";
    ClosingTimeHint => "Laissez vide pour clore le vote à la main. Les membres qui n'ont pas voté reçoivent un rappel 24 heures avant.", "Leave empty to close the vote by hand. Members who have not voted are reminded 24 hours before.";
    ClosesAt => "Clôture automatique le", "Closes by itself on";
    ParisTime => "(heure de Paris)", "(Paris time)";
    BadNotificationKind => "Ce type de notification n'existe pas.", "This kind of notification does not exist.";
    BadDelivery => "Choisissez une des façons d'être prévenu·e proposées.", "Choose one of the ways of hearing offered.";
    UnsubscribeInvalid => "Ce lien de désabonnement n'est pas valable. Vérifiez qu'il est complet, tel que reçu par e-mail.", "This unsubscribe link is not valid. Check that it is complete, as received by e-mail.";
    UnsubscribeExpired => "Ce lien de désabonnement a expiré (plus de 6 mois). Choisissez vos notifications depuis votre compte.", "This unsubscribe link has expired (over 6 months old). Choose your notifications from your account.";
    NotificationPrefsTitle => "Comment être prévenu·e", "How you hear of things";
    NotificationPrefsIntro => "Pour chaque type de nouvelle, choisissez : dans l'application seulement, par e-mail aussitôt, sur vos appareils (notification push), dans un résumé quotidien ou hebdomadaire (envoyé à 8 h, heure de Paris), ou jamais. Chaque e-mail contient un lien pour l'arrêter.", "For each kind of news, choose: in the app only, by e-mail at once, on your devices (push notification), in a daily or weekly digest (sent at 8:00, Paris time), or never. Every e-mail carries a link to stop it.";
    Follow => "Suivre cette proposition", "Follow this proposal";
    Unfollow => "Ne plus suivre", "Unfollow";
    YouFollow => "Vous suivez cette proposition : la réponse de la Ville, son suivi et le résultat du vote vous parviendront.", "You follow this proposal: the city's answer, its follow-up and the vote's result will reach you.";
    FollowingTitle => "Ce que vous suivez", "What you follow";
    FollowingIntro => "Suivez une proposition depuis sa page, ou un thème ici : chaque nouvelle proposition du thème, puis la réponse de la Ville, son suivi et le résultat des votes vous parviennent, comme vous l'avez réglé ci-dessous.", "Follow a proposal from its page, or a theme here: each new proposal in the theme, then the city's answer, its follow-up and the votes' results reach you, as set below.";
    FollowingNone => "Vous ne suivez aucune proposition.", "You follow no proposal.";
    FollowTheme => "Suivre", "Follow";
    FollowedProposals => "Propositions", "Proposals";
    FollowedThemes => "Thèmes", "Themes";
    PushServiceRefused => "Ce service de notifications n'est pas accepté : seuls ceux des navigateurs le sont.", "This notification service is not accepted: only the browsers' are.";
    PushKeysBad => "Les clés de cet abonnement aux notifications sont invalides.", "This notification subscription's keys are invalid.";
    PushTitle => "Notifications push sur cet appareil", "Push notifications on this device";
    PushIntro => "Recevez une notification sur ce téléphone ou cet ordinateur, même le site fermé, pour les nouvelles réglées « Sur mes appareils » ci-dessous. Elle dit seulement de quoi il s'agit ; le détail reste dans l'application.", "Get a notification on this phone or computer, even with the site closed, for the news set to “On my devices” below. It only says what it is about; the details stay in the app.";
    PushEnable => "Activer sur cet appareil", "Turn on for this device";
    PushDisable => "Désactiver sur cet appareil", "Turn off for this device";
    PushEnabled => "Les notifications push sont activées sur cet appareil.", "Push notifications are on for this device.";
    PushDisabled => "Les notifications push sont désactivées sur cet appareil.", "Push notifications are off for this device.";
    PushDevices => "Appareils qui reçoivent vos notifications push :", "Devices receiving your push notifications:";
    PushUnsupported => "Ce navigateur ne reçoit pas de notifications push (sur iPhone, ajoutez d'abord le site à l'écran d'accueil).", "This browser does not receive push notifications (on iPhone, add the site to the home screen first).";
    PushDenied => "Les notifications sont bloquées pour ce site : autorisez-les dans les réglages du navigateur, puis réessayez.", "Notifications are blocked for this site: allow them in the browser's settings, then try again.";
    PushFailed => "Le service de notifications du navigateur n'a pas répondu : réessayez plus tard.", "The browser's notification service did not answer: try again later.";
    SavePref => "Enregistrer", "Save";
    PrefSaved => "Enregistré.", "Saved.";
    UnsubscribeTitle => "Arrêter des e-mails", "Stop e-mails";
    UnsubscribeKind => "Vous ne recevrez plus d'e-mail pour :", "You will no longer receive e-mails for:";
    UnsubscribeDigestDaily => "Vous ne recevrez plus le résumé quotidien.", "You will no longer receive the daily digest.";
    UnsubscribeDigestWeekly => "Vous ne recevrez plus le résumé hebdomadaire.", "You will no longer receive the weekly digest.";
    UnsubscribeKeepsApp => "Ces nouvelles resteront visibles dans vos notifications, dans l'application.", "This news stays visible in your notifications, in the app.";
    UnsubscribeButton => "Confirmer", "Confirm";
    UnsubscribeDone => "C'est fait : ces e-mails sont arrêtés.", "Done: these e-mails are stopped.";
    UnsubscribeAlready => "Ces e-mails étaient déjà arrêtés.", "These e-mails were already stopped.";
    UnsubscribeStale => "Vous avez de nouveau choisi ces e-mails après l'envoi de ce lien : votre dernier choix est gardé. Vous pouvez le changer dans vos notifications.", "You chose these e-mails again after this link was sent: your latest choice stands. You can change it in your notifications.";
    UnsubscribeManage => "Choisir toutes mes notifications (connexion requise)", "Choose all my notifications (sign-in needed)";
    MailHello => "Bonjour,", "Hello,";
    MailSeeProposal => "Voir la proposition :", "See the proposal:";
    MailSeeSitting => "Voir la séance :", "See the sitting:";
    SeeTheSitting => "Voir la séance", "See the sitting";
    TheSitting => "La séance", "The sitting";
    MailWhyAtOnce => "Vous recevez cet e-mail parce que vous avez choisi d'être prévenu·e aussitôt par e-mail pour :", "You receive this e-mail because you chose to hear at once by e-mail of:";
    MailWhyDaily => "Vous recevez ce résumé quotidien parce que vous l'avez choisi pour certaines notifications.", "You receive this daily digest because you chose it for some notifications.";
    MailWhyWeekly => "Vous recevez ce résumé hebdomadaire parce que vous l'avez choisi pour certaines notifications.", "You receive this weekly digest because you chose it for some notifications.";
    MailStop => "Ne plus recevoir ces e-mails (sans vous connecter) :", "Stop these e-mails (no sign-in needed):";
    MailChoose => "Choisir comment être prévenu·e :", "Choose how you hear of things:";
    DigestDailySubject => "Votre résumé du jour — Assemblée citoyenne de Paris", "Your daily digest — Paris Citizens' Assembly";
    DigestWeeklySubject => "Votre résumé de la semaine — Assemblée citoyenne de Paris", "Your weekly digest — Paris Citizens' Assembly";
    DigestIntro => "Voici ce qui vous concerne depuis le dernier résumé.", "Here is what concerns you since the last digest.";
    BadVerdict => "Choisissez acceptée, acceptée en partie ou refusée.", "Choose accepted, partly accepted or rejected.";
    BadProgress => "L'avancement est un pourcentage entre 0 et 100.", "Progress is a percentage between 0 and 100.";
    NewProposalTitle => "Faire une proposition", "Make a proposal";
    NewProposalLead => "Une proposition d'habitant est publiée aussitôt : chacun peut la lire, la commenter et la soutenir ; avec assez de soutiens, elle entre à l'ordre du jour de l'assemblée. Les propositions des membres sont à l'ordre du jour dès leur publication.", "A resident's proposal is published at once: anyone can read, comment on and support it; with enough supports it reaches the assembly's agenda. Members' proposals are on the agenda as soon as they are published.";
    ProposalTitleLabel => "Titre (5 à 140 caractères)", "Title (5 to 140 characters)";
    ProposalSummaryLabel => "Résumé en une phrase (10 à 300 caractères)", "One-sentence summary (10 to 300 characters)";
    ProposalBodyLabel => "La proposition", "The proposal";
    ProposalBodyHint => "Markdown : **gras**, *italique*, listes avec « - », liens [texte](https://…). 20 à 20 000 caractères.", "Markdown: **bold**, *italic*, lists with \"-\", links [text](https://…). 20 to 20,000 characters.";
    PublishProposal => "Publier la proposition", "Publish the proposal";
    SignInToPropose => "Connectez-vous pour faire une proposition.", "Sign in to make a proposal.";
    VolunteerTitle => "Se porter volontaire", "Volunteer";
    VolunteerLead => "Les membres de la prochaine assemblée seront tirés au sort parmi les volontaires, avec des quotas pour qu'elle ressemble à Paris. Vos réponses servent seulement au tirage ; elles sont publiées sous un pseudonyme, jamais avec votre nom.", "The next assembly's members will be drawn by lot among volunteers, with quotas so that it looks like Paris. Your answers serve the draw only; they are published under a pseudonym, never with your name.";
    NoOpenPool => "Aucun tirage n'accepte de volontaires en ce moment.", "No draw is taking volunteers right now.";
    SignInToVolunteer => "Connectez-vous pour vous porter volontaire.", "Sign in to volunteer.";
    Gender => "Genre", "Gender";
    BirthYear => "Année de naissance", "Year of birth";
    BirthYearHint => "Il faut avoir 16 ans ou plus l'année du tirage.", "You must be 16 or older in the year of the draw.";
    Diploma => "Diplôme le plus élevé", "Highest diploma";
    District => "Arrondissement", "District";
    ConsentText => "J'accepte que ces réponses servent au tirage au sort et soient publiées sous un pseudonyme.", "I agree that these answers serve the draw and are published under a pseudonym.";
    ConsentNeeded => "Votre accord est nécessaire pour entrer dans le tirage.", "Your agreement is needed to enter the draw.";
    ChooseInList => "Choisissez une valeur dans la liste.", "Choose a value from the list.";
    BadBirthYear => "Indiquez une année de naissance à quatre chiffres.", "Give a four-digit year of birth.";
    PoolClosed => "Ce tirage n'accepte plus de volontaires.", "This draw no longer takes volunteers.";
    VolunteerButton => "Entrer dans le tirage", "Enter the draw";
    VolunteerReceipt => "Vous êtes dans le tirage. Votre pseudonyme :", "You are in the draw. Your pseudonym:";
    VolunteerReceiptLead => "Gardez-le : il vous permet de vous retrouver dans le pool publié et de vérifier le tirage.", "Keep it: it lets you find yourself in the published pool and check the draw.";
    LedgerTitle => "Registre public", "Public ledger";
    LedgerLead => "Chaque décision publique — tirages, votes, amendements acceptés, réponses de la Ville — est inscrite ici. Chaque entrée porte une empreinte qui couvre l'entrée précédente : modifier, supprimer ou déplacer une entrée casse la chaîne à cet endroit, et votre navigateur le voit.", "Every public decision — draws, votes, accepted amendments, the city's answers — is written here. Each entry carries a hash that covers the previous entry: changing, removing or moving an entry breaks the chain at that point, and your browser sees it.";
    LedgerVerifying => "Votre navigateur vérifie toute la chaîne…", "Your browser is checking the whole chain…";
    LedgerVerified => "Registre vérifié : {count} entrées, enchaînées sans rupture.", "Ledger verified: {count} entries, chained without a break.";
    LedgerHead => "Empreinte de la dernière entrée", "Hash of the last entry";
    LedgerHeadLead => "Notez-la ou comparez-la avec une copie : ce navigateur s'en souviendra et signalera toute entrée disparue ou réécrite à votre prochaine visite.", "Write it down or compare it with a copy: this browser remembers it and will flag any entry removed or rewritten on your next visit.";
    LedgerBroken => "Chaîne rompue à l'entrée n° {seq}.", "The chain breaks at entry #{seq}.";
    LedgerProblemSequence => "On y trouve l'entrée n° {found} : une entrée a été supprimée, ajoutée ou déplacée.", "Entry #{found} is found there: an entry was removed, added or moved.";
    LedgerProblemAltered => "Son contenu ne correspond plus à son empreinte : elle a été modifiée.", "Its content no longer matches its hash: it was changed.";
    LedgerProblemLink => "Elle ne cite pas l'empreinte de l'entrée précédente : celle-ci a été remplacée.", "It does not name the previous entry's hash: that entry was replaced.";
    LedgerProblemTruncated => "Le registre s'arrête avant une entrée que ce navigateur avait déjà vue : des entrées ont été supprimées.", "The ledger stops before an entry this browser saw earlier: entries were removed.";
    LedgerProblemRewritten => "Elle diffère de celle que ce navigateur avait vue : l'historique a été réécrit.", "It differs from the one this browser saw earlier: history was rewritten.";
    LedgerVerifyAgain => "Vérifier à nouveau", "Check again";
    LedgerNoScript => "La vérification dans le navigateur demande JavaScript. Sans lui, téléchargez le registre et vérifiez-le avec la méthode décrite dans la documentation.", "Checking in the browser needs JavaScript. Without it, download the ledger and check it as the documentation explains.";
    LedgerDownloads => "Télécharger le registre :", "Download the ledger:";
    OpenData => "Données ouvertes", "Open data";
    AtomFeed => "Flux Atom des décisions", "Atom feed of decisions";
    LedgerAboutProposal => "Entrées concernant la proposition n° {id}", "Entries about proposal #{id}";
    LedgerAboutSitting => "Entrées concernant la séance n° {id}", "Entries about sitting #{id}";
    LedgerAboutDraw => "Entrées concernant le tirage n° {id}", "Entries about draw #{id}";
    LedgerShowAll => "Voir tout le registre", "Show the whole ledger";
    LedgerEmpty => "Aucune entrée.", "No entries.";
    LedgerData => "Données inscrites", "Recorded data";
    LedgerEntry => "Entrée n°", "Entry #";
    LedgerSeeEntries => "Ses entrées au registre public", "Its entries in the public ledger";
    Hash => "Empreinte", "Hash";
    BadSubject => "Ce sujet n'existe pas (exemple : proposal/12 ou draw/1).", "This subject does not exist (for example proposal/12 or draw/1).";
    DrawWrongStage => "Ce n'est pas possible à cette étape du tirage.", "This is not possible at this stage of the draw.";
    DrawTooEarly => "C'est trop tôt : cette étape n'a pas encore commencé.", "Too early: this step has not started yet.";
    DrawTooLate => "C'est trop tard : cette étape est close.", "Too late: this step is closed.";
    BadReveal => "Ce secret ne correspond pas à votre engagement (ou l'engagement n'est pas une empreinte SHA-256).", "This secret does not match your commitment (or the commitment is not a SHA-256 hash).";
    Infeasible => "Les quotas ne peuvent pas être respectés :", "The quotas cannot be met:";
    BadDrawTitle => "Donnez un titre de 3 à 200 caractères.", "Give a title of 3 to 200 characters.";
    BadSeats => "Le nombre de sièges va de 2 à 500.", "The number of seats goes from 2 to 500.";
    BadTerm => "La fin du mandat doit suivre son début, au plus 36 mois plus tard (dates AAAA-MM-JJ).", "The term must end after it starts, at most 36 months later (dates YYYY-MM-DD).";
    BadHours => "Une durée de 1 à 720 heures.", "A duration of 1 to 720 hours.";
    CsvUnreadable => "le fichier n'est pas un CSV lisible (UTF-8)", "the file is not readable CSV (UTF-8)";
    CsvEmpty => "aucune ligne de données", "no data rows";
    CsvTooManyRows => "trop de lignes (20 000 au plus)", "too many rows (20,000 at most)";
    CsvMissingColumn => "colonne manquante", "missing column";
    CsvFieldCount => "nombre de champs différent de l'en-tête", "number of fields differs from the header";
    CsvBadName => "nom vide ou trop long", "empty or too long name";
    CsvBadEmail => "adresse e-mail invalide", "invalid e-mail address";
    CsvDuplicateEmail => "adresse e-mail en double", "duplicate e-mail address";
    CsvBadWeight => "poids invalide (nombre > 0 et ≤ 100)", "invalid weight (a number > 0 and ≤ 100)";
    CsvBadValue => "valeur hors de la liste", "value not in the list";
    CsvTooYoung => "moins de 16 ans l'année du tirage", "under 16 in the year of the draw";
    CsvNoConsent => "pas de consentement (oui attendu)", "no consent (oui/yes expected)";
    CsvLine => "Ligne {line}", "Line {line}";
    PublicValueNeeded => "Indiquez la source et la date de la valeur publique (3 à 200 caractères).", "Give the public value's source and date (3 to 200 characters).";
    NewDraw => "Préparer un nouveau tirage", "Set up a new draw";
    SeatsLabel => "Nombre de sièges", "Number of seats";
    DrawTitleLabel => "Titre du tirage", "Title of the draw";
    TermStart => "Début du mandat", "Term starts";
    TermEnd => "Fin du mandat", "Term ends";
    NewDrawHint => "Les quotas partent des chiffres du recensement de Paris (genre, âge, diplôme, arrondissement, à un siège près). Le pool s'ouvre aussitôt aux volontaires.", "Quotas start from the Paris census figures (gender, age, diploma, district, within one seat). The pool opens to volunteers at once.";
    CreateDraw => "Créer et ouvrir le pool", "Create and open the pool";
    PreviousCohortDraw => "← Le tirage de la cohorte précédente", "← The previous cohort's draw";
    NextCohortDraw => "Le tirage de la cohorte suivante est préparé : voir son pool →", "The next cohort's draw is prepared: see its pool →";
    PrepareRenewal => "Préparer le renouvellement", "Prepare the renewal";
    RenewalDue => "Le mandat de cette cohorte se termine dans moins de quatre mois : il est temps de tirer la suivante (pool, cérémonie, invitations).", "This cohort's term ends in less than four months: time to draw the next one (pool, ceremony, invitations).";
    RenewalHint => "Le tirage de la cohorte suivante reprend les sièges et les quotas de celui-ci ; son mandat commence le lendemain de la fin de celui-ci et dure aussi longtemps :", "The next cohort's draw takes this one's seats and quotas; its term starts the day after this one ends and lasts as long:";
    UpcomingCohort => "À venir", "Upcoming";
    VerifyPageLink => "Page de vérification (lien à partager)", "Verification page (a link to share)";
    RosterTitle => "Membres de l'assemblée", "Members of the assembly";
    RosterLink => "Tous les membres, cohorte par cohorte", "Every member, cohort by cohort";
    CurrentCohort => "En cours", "Sitting";
    PastCohort => "Mandat terminé", "Term ended";
    ActiveMembers => "membres en fonction", "sitting members";
    MemberInvited => "invité·e, réponse attendue", "invited, answer awaited";
    MemberLeft => "a quitté l'assemblée", "left the assembly";
    MemberActive => "membre en fonction", "sitting member";
    MemberDeclined => "vous avez décliné l'invitation", "you declined the invitation";
    LeaveAssembly => "Quitter l'assemblée", "Leave the assembly";
    ConfirmLeaving => "Je confirme quitter l'assemblée ; mon siège sera attribué par un tirage de remplacement.", "I confirm I am leaving the assembly; my seat will go to a replacement draw.";
    LifecycleTitle => "Où en est le tirage", "Where the draw stands";
    StagePoolOpen => "Le pool est ouvert aux volontaires.", "The pool is open to volunteers.";
    StageCommitted => "Le pool est clos et publié ; la cérémonie du hasard est en cours.", "The pool is closed and published; the seed ceremony is under way.";
    StageDrawing => "Le tirage est en cours de calcul.", "The draw is being computed.";
    StageDone => "Le tirage est fait.", "The draw is done.";
    PublishedPool => "Le pool publié (pseudonymes et critères, JSON)", "The published pool (pseudonyms and features, JSON)";
    YourPseudonym => "Votre pseudonyme (reçu de volontariat)", "Your pseudonym (volunteering receipt)";
    CheckReceipt => "Vérifier qu'il figure dans le pool publié", "Check it is in the published pool";
    InPool => "Votre pseudonyme figure dans le pool publié.", "Your pseudonym is in the published pool.";
    NotInPool => "Ce pseudonyme ne figure pas dans le pool publié.", "This pseudonym is not in the published pool.";
    CeremonyLead => "Le hasard du tirage vient des participants : chacun publie d'abord l'empreinte d'un secret, puis le révèle.", "The draw's randomness comes from participants: each first publishes the hash of a secret, then reveals it.";
    CeremonyHow => "Votre navigateur tire un secret au hasard et le garde ; seul son empreinte est envoyée. Revenez le révéler pendant la phase de révélation. Tant qu'une seule personne est honnête, personne n'a pu orienter le tirage.", "Your browser draws a random secret and keeps it; only its hash is sent. Come back to reveal it during the reveal phase. As long as one person is honest, nobody could have steered the draw.";
    CommitUntil => "Engagements jusqu'au", "Commitments until";
    RevealUntil => "Révélations jusqu'au", "Reveals until";
    CommitmentsCount => "engagements", "commitments";
    RevealsCount => "révélations", "reveals";
    PublicValueAnnounced => "Valeur publique annoncée :", "Announced public value:";
    SignInToContribute => "Connectez-vous pour contribuer au hasard du tirage.", "Sign in to contribute to the draw's randomness.";
    Contribute => "Contribuer au hasard", "Contribute randomness";
    Committed => "Votre engagement est publié :", "Your commitment is published:";
    KeepSecret => "Votre secret (gardé dans ce navigateur ; notez-le si vous changez d'appareil) :", "Your secret (kept in this browser; write it down if you switch devices):";
    YourSecret => "Votre secret", "Your secret";
    YourCommitment => "Votre engagement :", "Your commitment:";
    Reveal => "Révéler", "Reveal";
    Revealed => "Votre secret est révélé et compte dans la graine. Engagement :", "Your secret is revealed and counts in the seed. Commitment:";
    CommitmentsClosed => "La phase d'engagement est close.", "The commitment phase is closed.";
    DrawProgress => "Progression du calcul", "Computation progress";
    YouWereDrawn => "Vous avez été tiré·e au sort pour siéger !", "You were drawn to sit in the assembly!";
    AnswerBefore => "Répondez avant le", "Answer before";
    ShowMyName => "Afficher mon nom dans la liste publique des membres", "Show my name in the public list of members";
    InvitationTitle => "Votre invitation à l'Assemblée citoyenne", "Your invitation to the Citizens' Assembly";
    InvitationLead => "vous avez été tiré·e au sort pour siéger :", "you have been drawn by lot to sit:";
    InvitationUnknown => "Ce lien d'invitation n'est pas valable. Vérifiez qu'il est complet, tel que reçu par e-mail.", "This invitation link is not valid. Check that it is complete, as received by e-mail.";
    InvitationAccepted => "Vous avez accepté : bienvenue dans l'assemblée !", "You accepted: welcome to the assembly!";
    InvitationDeclined => "Vous avez décliné. Merci de votre réponse ; une autre personne sera tirée au sort.", "You declined. Thank you for answering; someone else will be drawn.";
    InvitationExpired => "Le délai de réponse est passé : une autre personne sera tirée au sort à votre place.", "The time to answer has passed: someone else will be drawn in your place.";
    Accept => "J'accepte de siéger", "I accept to sit";
    Decline => "Je décline", "I decline";
    YourMembership => "Votre place :", "Your seat:";
    Facilitation => "Animation du tirage", "Running the draw";
    ImportCsv => "Importer les répondants d'une campagne de lettres (CSV)", "Import a letter campaign's respondents (CSV)";
    ImportCsvHint => "Colonnes : nom, email (facultatif), genre, annee_naissance, diplome, arrondissement, consentement, poids (facultatif). Tout ou rien : une ligne fausse et rien n'est importé.", "Columns: nom, email (optional), genre, annee_naissance, diplome, arrondissement, consentement, poids (optional). All or nothing: one bad line and nothing is imported.";
    Import => "Importer", "Import";
    Imported => "personnes importées.", "people imported.";
    CommitHours => "Durée de la phase d'engagement (heures)", "Length of the commitment phase (hours)";
    RevealHours => "Durée de la phase de révélation (heures)", "Length of the reveal phase (hours)";
    PublicValueAnnounce => "Valeur publique annoncée à l'avance : sa source et sa date (ex. « Loto du samedi 15 mai 2027, fdj.fr »)", "Public value announced in advance: its source and date (e.g. \"Loto of Saturday 15 May 2027, fdj.fr\")";
    PublicValueFormat => "Sa forme exacte", "Its exact form";
    FormatLoto => "Loto : 5 numéros de 1 à 49 et le numéro chance", "Loto: 5 numbers from 1 to 49 and the chance number";
    FormatEuroMillions => "EuroMillions : 5 numéros de 1 à 50 et 2 étoiles", "EuroMillions: 5 numbers from 1 to 50 and 2 stars";
    FormatHex => "Empreinte hexadécimale de 64 chiffres (ex. drand)", "Hexadecimal digest of 64 digits (e.g. drand)";
    PublicValueAfter => "Connue à partir du (heure UTC)", "Known from (UTC time)";
    PublicValueAfterHint => "Après la clôture des révélations : personne ne doit la connaître tant qu'on peut encore révéler ou se taire.", "After the reveals close: nobody may know it while one can still reveal or keep silent.";
    PublicValueIn => "à saisir sous la forme", "to be entered as";
    KnownFrom => "connue à partir du", "known from";
    KnownTooSoon => "La valeur publique doit être connue après la clôture des révélations (pour un tour de remplacement : dans le futur).", "The public value must become known after the reveals close (for a replacement round: in the future).";
    PublicValueMalformed => "Cette valeur ne suit pas la forme annoncée :", "This value does not follow the announced form:";
    BadDateTime => "Indiquez une date et une heure (AAAA-MM-JJ HH:MM, UTC).", "Give a date and a time (YYYY-MM-DD HH:MM, UTC).";
    UnknownValueFormat => "Choisissez une des formes proposées.", "Choose one of the forms offered.";
    NobodyToReplace => "Personne à remplacer : aucun désistement ni départ depuis le dernier tour.", "Nobody to replace: no one declined or left since the last round.";
    Steerable => "Cette cérémonie aurait pu être orientée ; le tirage est refusé :", "This ceremony could have been steered; the draw is refused:";
    AnnounceRound => "Annoncer un tour de remplacement", "Announce a replacement round";
    RoundAnnounced => "Tour de remplacement annoncé", "Replacement round announced";
    RoundLeavers => "sièges à pourvoir :", "seats to fill:";
    CommitPool => "Clore le pool et publier l'engagement", "Close the pool and publish the commitment";
    PublicValue => "Valeur publique, une fois connue", "Public value, once known";
    RunDraw => "Lancer le tirage", "Run the draw";
    ReplacementValue => "Valeur publique annoncée, une fois connue", "The announced public value, once known";
    ReplaceNow => "Remplacer les désistements", "Replace those who declined";
    FooterText => "Plateforme libre de l'Assemblée citoyenne de Paris. Toutes les décisions sont publiques.",
        "Free software platform of the Paris Citizens' Assembly. Every decision is public.";
}

/// The visitor's language, shared by every component through context.
#[derive(Clone, Copy)]
pub struct Locale(pub RwSignal<Lang>);

pub fn provide_locale(initial: Lang) -> Locale {
    let locale = Locale(RwSignal::new(initial));
    provide_context(locale);
    locale
}

pub fn use_locale() -> Locale {
    use_context::<Locale>().unwrap_or_else(|| Locale(RwSignal::new(Lang::default())))
}

/// A page title, fixed when the page renders. Titles must not be reactive:
/// leptos_meta reads them after the render, outside the reactive owner, where
/// reading a signal panics (and drops the connection).
pub fn page_title(msg: Msg) -> String {
    msg.text(use_locale().0.get_untracked()).to_owned()
}

/// A reactive translation: re-renders when the language changes.
pub fn tr(msg: Msg) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let Locale(lang) = use_locale();
    move || msg.text(lang.get())
}

pub fn status_label(status: ProposalStatus, lang: Lang) -> &'static str {
    use ProposalStatus::*;
    let (fr, en) = match status {
        Draft => ("Brouillon", "Draft"),
        Deliberation => ("En délibération", "In deliberation"),
        Amendments => ("Amendements", "Amendments"),
        Vote => ("Au vote", "Voting"),
        Adopted => ("Adoptée", "Adopted"),
        Rejected => ("Rejetée", "Rejected"),
        SentToCity => ("Transmise à la Ville", "Sent to the city"),
        CityResponded => ("Réponse de la Ville", "City answered"),
        InProgress => ("En cours de réalisation", "In progress"),
        Implemented => ("Réalisée", "Implemented"),
        Closed => ("Close", "Closed"),
    };
    pick(lang, fr, en)
}

pub fn origin_label(origin: Origin, lang: Lang) -> &'static str {
    match origin {
        Origin::Assembly => pick(lang, "Proposition de l'assemblée", "Assembly proposal"),
        Origin::Citizen => pick(lang, "Proposition citoyenne", "Citizen proposal"),
    }
}

pub fn sort_label(sort: ProposalSort, lang: Lang) -> &'static str {
    match sort {
        ProposalSort::Recent => pick(lang, "Les plus récentes", "Most recent"),
        ProposalSort::Supports => pick(lang, "Les plus soutenues", "Most supported"),
        ProposalSort::Comments => pick(lang, "Les plus commentées", "Most discussed"),
    }
}

pub fn stance_label(stance: Stance, lang: Lang) -> &'static str {
    match stance {
        Stance::For => pick(lang, "Pour", "For"),
        Stance::Against => pick(lang, "Contre", "Against"),
        Stance::Neutral => pick(lang, "Neutre", "Neutral"),
    }
}

/// What a notification says, before the proposal's title.
pub fn notification_text(kind: domain::NotificationKind, lang: Lang) -> &'static str {
    use domain::NotificationKind::*;
    match kind {
        AmendmentProposed => pick(
            lang,
            "Un amendement a été proposé à votre proposition",
            "An amendment was proposed to your proposal",
        ),
        AmendmentAccepted => pick(
            lang,
            "Votre amendement a été accepté",
            "Your amendment was accepted",
        ),
        AmendmentRejected => pick(
            lang,
            "Votre amendement a été refusé",
            "Your amendment was rejected",
        ),
        VoteOpened => pick(lang, "Un vote est ouvert", "A vote opened"),
        VoteReminder => pick(
            lang,
            "Le vote ferme dans moins de 24 heures et vous n'avez pas voté",
            "The vote closes within 24 hours and you have not voted",
        ),
        VoteClosed => pick(lang, "Le vote est clos", "The vote closed"),
        CityAnswered => pick(lang, "La Ville a répondu", "The city answered"),
        CityProgress => pick(
            lang,
            "La Ville a publié un suivi",
            "The city reported progress",
        ),
        CommentReply => pick(
            lang,
            "Quelqu'un a répondu à votre commentaire",
            "Someone replied to your comment",
        ),
        CommentHidden => pick(
            lang,
            "Votre commentaire a été masqué par la modération",
            "Your comment was hidden by moderation",
        ),
        SittingConvened => pick(
            lang,
            "Vous êtes convoqué·e à une séance",
            "You are convened to a sitting",
        ),
        SittingMoved => pick(
            lang,
            "Une séance a changé de date ou de lieu",
            "A sitting changed its date or place",
        ),
        SittingReminder => pick(lang, "La séance a lieu demain", "The sitting is tomorrow"),
        ProposalNew => pick(
            lang,
            "Nouvelle proposition dans un thème que vous suivez",
            "A new proposal in a theme you follow",
        ),
        AnswerDueSoon => pick(
            lang,
            "La réponse de votre direction est attendue dans une semaine",
            "Your department's answer is due in a week",
        ),
        AnswerDue => pick(
            lang,
            "La réponse de votre direction est attendue aujourd'hui",
            "Your department's answer is due today",
        ),
        CommitmentDueSoon => pick(
            lang,
            "Un engagement de votre direction arrive à échéance dans une semaine",
            "A commitment of your department falls due in a week",
        ),
        CommitmentDue => pick(
            lang,
            "Un engagement de votre direction arrive à échéance aujourd'hui",
            "A commitment of your department falls due today",
        ),
    }
}

/// What a notification is about, after its text: a proposal's title in
/// quotes, or a sitting's day, hours and place.
pub fn notification_about(about: &domain::NotificationAbout, lang: Lang) -> String {
    match about {
        domain::NotificationAbout::Proposal { title, .. } => format!("« {title} »"),
        domain::NotificationAbout::Sitting {
            starts_local,
            ends_local,
            place,
            ..
        } => format!(
            "{}, {place}",
            sitting_when(*starts_local, *ends_local, lang)
        ),
    }
}

/// The name of a kind of notification in the preferences' list.
pub fn notification_kind_label(kind: domain::NotificationKind, lang: Lang) -> &'static str {
    use domain::NotificationKind::*;
    match kind {
        AmendmentProposed => pick(
            lang,
            "Amendements à mes propositions",
            "Amendments to my proposals",
        ),
        AmendmentAccepted => pick(lang, "Mes amendements acceptés", "My amendments accepted"),
        AmendmentRejected => pick(lang, "Mes amendements refusés", "My amendments rejected"),
        VoteOpened => pick(lang, "Ouverture d'un vote", "A vote opens"),
        VoteReminder => pick(
            lang,
            "Rappel la veille de la clôture d'un vote",
            "Reminder the day before a vote closes",
        ),
        VoteClosed => pick(lang, "Résultat d'un vote", "A vote's result"),
        CityAnswered => pick(lang, "Réponses de la Ville", "The city's answers"),
        CityProgress => pick(
            lang,
            "Suivi publié par la Ville",
            "The city's progress reports",
        ),
        CommentReply => pick(
            lang,
            "Réponses à mes commentaires",
            "Replies to my comments",
        ),
        CommentHidden => pick(
            lang,
            "Modération de mes commentaires",
            "Moderation of my comments",
        ),
        SittingConvened => pick(lang, "Convocation à une séance", "A sitting's convocation"),
        SittingMoved => pick(
            lang,
            "Séance déplacée (date, horaires ou lieu)",
            "A sitting moved (day, hours or place)",
        ),
        SittingReminder => pick(
            lang,
            "Rappel la veille d'une séance",
            "Reminder the day before a sitting",
        ),
        ProposalNew => pick(
            lang,
            "Nouvelle proposition dans un thème suivi",
            "A new proposal in a theme I follow",
        ),
        AnswerDueSoon => pick(
            lang,
            "Réponse de ma direction attendue dans une semaine",
            "My department's answer due in a week",
        ),
        AnswerDue => pick(
            lang,
            "Réponse de ma direction attendue aujourd'hui",
            "My department's answer due today",
        ),
        CommitmentDueSoon => pick(
            lang,
            "Engagement de ma direction à échéance dans une semaine",
            "My department's commitment due in a week",
        ),
        CommitmentDue => pick(
            lang,
            "Engagement de ma direction à échéance aujourd'hui",
            "My department's commitment due today",
        ),
    }
}

/// How a notification reaches its person.
pub fn delivery_label(delivery: domain::Delivery, lang: Lang) -> &'static str {
    use domain::Delivery::*;
    match delivery {
        App => pick(lang, "Dans l'application", "In the app"),
        Email => pick(lang, "Par e-mail, aussitôt", "By e-mail, at once"),
        Push => pick(lang, "Sur mes appareils (push)", "On my devices (push)"),
        Daily => pick(lang, "Résumé quotidien par e-mail", "Daily e-mail digest"),
        Weekly => pick(
            lang,
            "Résumé hebdomadaire par e-mail",
            "Weekly e-mail digest",
        ),
        Off => pick(lang, "Jamais", "Never"),
    }
}

pub fn amendment_status_label(status: AmendmentStatus, lang: Lang) -> &'static str {
    match status {
        AmendmentStatus::Pending => pick(lang, "En attente", "Pending"),
        AmendmentStatus::Accepted => pick(lang, "Accepté", "Accepted"),
        AmendmentStatus::Rejected => pick(lang, "Refusé", "Rejected"),
        AmendmentStatus::Contested => pick(lang, "Soumis au vote", "Put to the vote"),
    }
}

pub fn verdict_label(verdict: CityVerdict, lang: Lang) -> &'static str {
    match verdict {
        CityVerdict::Accepted => pick(lang, "Acceptée", "Accepted"),
        CityVerdict::Partly => pick(lang, "Acceptée en partie", "Partly accepted"),
        CityVerdict::Rejected => pick(lang, "Refusée", "Rejected"),
    }
}

pub fn outcome_label(outcome: Outcome, lang: Lang) -> &'static str {
    match outcome {
        Outcome::Adopted => pick(lang, "Adoptée", "Adopted"),
        Outcome::Rejected => pick(lang, "Rejetée", "Rejected"),
        Outcome::NoQuorum => pick(lang, "Quorum non atteint", "No quorum"),
    }
}

/// One problem of a CSV import, e.g. "Ligne 4, genre : valeur hors de la liste".
#[cfg(feature = "ssr")]
pub fn import_error(e: &domain::import::RowError, lang: Lang) -> String {
    use domain::census::VolunteerError as V;
    use domain::import::ImportError as E;
    let msg = match e.error {
        E::Unreadable => Msg::CsvUnreadable,
        E::Empty => Msg::CsvEmpty,
        E::TooManyRows => Msg::CsvTooManyRows,
        E::MissingColumn(_) => Msg::CsvMissingColumn,
        E::WrongFieldCount => Msg::CsvFieldCount,
        E::BadName => Msg::CsvBadName,
        E::BadEmail => Msg::CsvBadEmail,
        E::DuplicateEmail => Msg::CsvDuplicateEmail,
        E::BadWeight => Msg::CsvBadWeight,
        E::Volunteer(V::TooYoung) => Msg::CsvTooYoung,
        E::Volunteer(V::NoConsent) => Msg::CsvNoConsent,
        E::Volunteer(_) => Msg::CsvBadValue,
    };
    let line = Msg::CsvLine
        .text(lang)
        .replace("{line}", &e.line.to_string());
    match e.column {
        Some(column) => format!("{line}, {column} : {}", msg.text(lang)),
        None => format!("{line} : {}", msg.text(lang)),
    }
}

pub fn ledger_query_error(error: domain::LedgerQueryError) -> Msg {
    match error {
        domain::LedgerQueryError::BadSubject => Msg::BadSubject,
        domain::LedgerQueryError::BadPage => Msg::BadPage,
    }
}

pub fn query_error(error: QueryError) -> Msg {
    match error {
        QueryError::UnknownStatus => Msg::BadStatus,
        QueryError::UnknownOrigin => Msg::BadOrigin,
        QueryError::UnknownSort => Msg::BadSort,
        QueryError::BadTheme => Msg::BadTheme,
        QueryError::TextTooLong => Msg::TextTooLong,
        QueryError::BadPage => Msg::BadPage,
    }
}

/// The label of a census category value (gender, diploma, district).
pub fn census_label(value: &str, lang: Lang) -> String {
    let (fr, en) = match value {
        "female" => ("Femme", "Woman"),
        "male" => ("Homme", "Man"),
        "none_or_cep" => (
            "Aucun diplôme ou certificat d'études",
            "No diploma or primary certificate",
        ),
        "bepc_brevet" => ("BEPC, brevet des collèges", "Lower secondary (brevet)"),
        "cap_bep" => ("CAP, BEP", "Vocational (CAP, BEP)"),
        "baccalaureat" => ("Baccalauréat", "Baccalauréat"),
        "bac_plus_2" => ("Bac + 2", "Two years of higher education"),
        "bac_plus_3_4" => ("Bac + 3 ou 4", "Three or four years of higher education"),
        "bac_plus_5_or_more" => ("Bac + 5 ou plus", "Five years of higher education or more"),
        "paris-centre" => ("Paris Centre (1er à 4e)", "Paris Centre (1st to 4th)"),
        "16-29" => ("16 à 29 ans", "16 to 29"),
        "30-44" => ("30 à 44 ans", "30 to 44"),
        "45-59" => ("45 à 59 ans", "45 to 59"),
        "60-74" => ("60 à 74 ans", "60 to 74"),
        "75+" => ("75 ans et plus", "75 and over"),
        code => {
            let n: u32 = code
                .strip_prefix("751")
                .and_then(|n| n.parse().ok())
                .unwrap_or(0);
            return match lang {
                Lang::Fr => format!("{n}e arrondissement"),
                Lang::En => format!("{n}th arrondissement"),
            };
        }
    };
    pick(lang, fr, en).to_owned()
}

/// The name of a contributor; an erased account reads "deleted account".
pub fn person(name: &str, lang: Lang) -> String {
    if name.is_empty() {
        Msg::DeletedAccount.text(lang).to_owned()
    } else {
        name.to_owned()
    }
}

pub fn theme_name(theme: &Theme, lang: Lang) -> String {
    match lang {
        Lang::Fr => theme.name_fr.clone(),
        Lang::En => theme.name_en.clone(),
    }
}

pub use domain::lang::format_date;

/// A board step's name.
pub fn track_label(track: domain::accountability::Track, lang: Lang) -> &'static str {
    use domain::accountability::Track::*;
    match track {
        ToSend => pick(lang, "À transmettre", "To be sent"),
        Awaiting => pick(lang, "Réponse attendue", "Answer awaited"),
        Late => pick(lang, "Réponse en retard", "Answer late"),
        Accepted => pick(lang, "Acceptée", "Accepted"),
        Partly => pick(lang, "Acceptée en partie", "Partly accepted"),
        Rejected => pick(lang, "Refusée par la Ville", "Rejected by the city"),
        InProgress => pick(lang, "En cours de réalisation", "In progress"),
        Implemented => pick(lang, "Réalisée", "Carried out"),
        Closed => pick(lang, "Close sans réalisation", "Closed, not carried out"),
    }
}

/// "42 jours".
pub fn days(n: i64, lang: Lang) -> String {
    match (lang, n) {
        (Lang::Fr, 0 | 1) => format!("{n} jour"),
        (Lang::Fr, n) => format!("{n} jours"),
        (Lang::En, 1) => "1 day".to_owned(),
        (Lang::En, n) => format!("{n} days"),
    }
}

/// "En retard de 12 jours" — an answer past its due date.
pub fn late_by(days: i64, lang: Lang) -> String {
    match (lang, days) {
        (Lang::Fr, 0 | 1) => "En retard".to_owned(),
        (Lang::Fr, n) => format!("En retard de {n} jours"),
        (Lang::En, 0 | 1) => "Late".to_owned(),
        (Lang::En, n) => format!("{n} days late"),
    }
}

/// "2 overdue commitments" on a board item.
pub fn overdue_commitments(n: u32, lang: Lang) -> String {
    match (lang, n) {
        (Lang::Fr, 1) => "1 engagement en retard".to_owned(),
        (Lang::Fr, n) => format!("{n} engagements en retard"),
        (Lang::En, 1) => "1 overdue commitment".to_owned(),
        (Lang::En, n) => format!("{n} overdue commitments"),
    }
}

pub fn sitting_state_label(state: domain::sitting::SittingState, lang: Lang) -> &'static str {
    use domain::sitting::SittingState::*;
    match state {
        Planned => pick(lang, "En préparation", "In preparation"),
        Convened => pick(lang, "Convoquée", "Convened"),
        Open => pick(lang, "En cours", "In session"),
        Closed => pick(lang, "Close", "Closed"),
        MinutesApproved => pick(lang, "Compte rendu approuvé", "Minutes approved"),
    }
}

/// The facilitator's button for a step.
pub fn sitting_step_button(step: domain::sitting::SittingStep, lang: Lang) -> &'static str {
    use domain::sitting::SittingStep::*;
    match step {
        Convene => pick(lang, "Convoquer la séance", "Convene the sitting"),
        Open => pick(lang, "Ouvrir la séance", "Open the sitting"),
        Close => pick(lang, "Clore la séance", "Close the sitting"),
        ApproveMinutes => pick(lang, "Compte rendu approuvé", "Minutes approved"),
    }
}

/// A step, once taken (the ledger's words).
pub fn sitting_step_done(step: domain::sitting::SittingStep, lang: Lang) -> &'static str {
    use domain::sitting::SittingStep::*;
    match step {
        Convene => pick(lang, "Séance convoquée", "Sitting convened"),
        Open => pick(lang, "Séance ouverte", "Sitting opened"),
        Close => pick(lang, "Séance close", "Sitting closed"),
        ApproveMinutes => pick(lang, "Compte rendu approuvé", "Minutes approved"),
    }
}

pub fn answer_label(answer: domain::sitting::ConvocationAnswer, lang: Lang) -> &'static str {
    use domain::sitting::ConvocationAnswer::*;
    match answer {
        Present => pick(lang, "présent·e annoncé·e", "coming"),
        Absent => pick(lang, "absent·e", "absent"),
        Excused => pick(lang, "excusé·e", "excused"),
    }
}

pub fn agenda_purpose_label(purpose: domain::sitting::AgendaPurpose, lang: Lang) -> &'static str {
    use domain::sitting::AgendaPurpose::*;
    match purpose {
        Debate => pick(lang, "Débat", "Debate"),
        Amendments => pick(lang, "Amendements", "Amendments"),
        FinalVote => pick(lang, "Vote final", "Final vote"),
        Other => pick(lang, "Autre", "Other"),
    }
}

/// A sitting's date and hours: "10 décembre 2026, 18:00–21:00".
pub fn sitting_when(
    starts: chrono::NaiveDateTime,
    ends: chrono::NaiveDateTime,
    lang: Lang,
) -> String {
    format!(
        "{}, {}–{}",
        format_date(starts, lang),
        starts.format("%H:%M"),
        ends.format("%H:%M")
    )
}

/// French puts a space before a colon; English does not.
pub fn colon(lang: Lang) -> &'static str {
    pick(lang, " : ", ": ")
}

fn pick(lang: Lang, fr: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Fr => fr,
        Lang::En => en,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_message_is_empty_or_left_untranslated() {
        for msg in Msg::ALL {
            let (fr, en) = (msg.text(Lang::Fr), msg.text(Lang::En));
            assert!(!fr.trim().is_empty() && !en.trim().is_empty(), "{msg:?}");
            // A few words are the same in both languages.
            let same_allowed = [
                Msg::Quorum,
                Msg::Quotas,
                Msg::NavNotifications,
                Msg::NavMenu,
                Msg::Suggestions,
                Msg::Version,
                Msg::MinutesShort,
                Msg::CompositionNav,
                Msg::DateColumn,
            ];
            assert!(
                fr != en || same_allowed.contains(msg),
                "{msg:?} is not translated"
            );
        }
    }

    #[test]
    fn dates_read_naturally_in_both_languages() {
        use chrono::TimeZone;
        let date = chrono::Utc.with_ymd_and_hms(2026, 8, 1, 12, 0, 0).unwrap();
        assert_eq!(format_date(date, Lang::Fr), "1 août 2026");
        assert_eq!(format_date(date, Lang::En), "1 August 2026");
    }
}
