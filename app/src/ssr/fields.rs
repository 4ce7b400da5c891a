//! Field validation for server functions: every field is checked, every
//! refusal collected in the user's language, and the parsed values come
//! back only when all of them passed.

use domain::{Lang, account::FieldError};

use super::field_message;
use crate::error::{AppError, FieldIssue};
use crate::i18n::Msg;

pub struct Fields {
    lang: Lang,
    issues: Vec<FieldIssue>,
}

impl Fields {
    pub fn new(lang: Lang) -> Fields {
        Fields {
            lang,
            issues: Vec::new(),
        }
    }

    /// A field parsed by its domain type; its refusal is worded here.
    pub fn check<T>(&mut self, field: &str, parsed: Result<T, FieldError>) -> Option<T> {
        parsed
            .map_err(|error| self.add(field, field_message(error, self.lang)))
            .ok()
    }

    /// A value that must be there, refused with `msg` when it is not.
    pub fn require<T>(&mut self, field: &str, value: Option<T>, msg: Msg) -> Option<T> {
        if value.is_none() {
            self.refuse(field, msg);
        }
        value
    }

    pub fn refuse(&mut self, field: &str, msg: Msg) {
        self.add(field, msg.text(self.lang).to_owned());
    }

    pub fn add(&mut self, field: &str, message: String) {
        self.issues.push(FieldIssue {
            field: field.to_owned(),
            message,
        });
    }

    /// Every refusal at once, or the parsed values (an `Option` or a tuple
    /// of them, as `check` and `require` returned them).
    pub fn finish<V: Parsed>(self, values: V) -> Result<V::Values, AppError> {
        if !self.issues.is_empty() {
            return Err(AppError::Invalid(self.issues));
        }
        // `check` and `require` record a refusal for every `None`.
        values
            .all()
            .ok_or_else(|| AppError::internal("a field was refused without a message"))
    }
}

/// Values that are there only if every field passed.
pub trait Parsed {
    type Values;
    fn all(self) -> Option<Self::Values>;
}

impl Parsed for () {
    type Values = ();
    fn all(self) -> Option<()> {
        Some(())
    }
}

impl<A> Parsed for Option<A> {
    type Values = A;
    fn all(self) -> Option<A> {
        self
    }
}

macro_rules! parsed_tuple {
    ($($name:ident),+) => {
        impl<$($name),+> Parsed for ($(Option<$name>,)+) {
            type Values = ($($name,)+);
            #[allow(non_snake_case)]
            fn all(self) -> Option<Self::Values> {
                let ($($name,)+) = self;
                Some(($($name?,)+))
            }
        }
    };
}

parsed_tuple!(A, B);
parsed_tuple!(A, B, C);
parsed_tuple!(A, B, C, D);
parsed_tuple!(A, B, C, D, E);
parsed_tuple!(A, B, C, D, E, F);
