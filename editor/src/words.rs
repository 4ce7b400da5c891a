//! The editor's few words, in the page's language.

pub struct Words {
    pub connecting: &'static str,
    pub online: &'static str,
    pub reading: &'static str,
    pub offline: &'static str,
    pub stopped: &'static str,
    pub typing: &'static str,
    pub alone: &'static str,
}

impl Words {
    pub fn new(lang: &str) -> Words {
        if lang == "en" {
            Words {
                connecting: "Connecting…",
                online: "Connected: your edits are saved as you type.",
                reading: "Connected: you see the authors' edits live.",
                offline: "Offline: keep writing, your edits are kept in this browser and merged on reconnect.",
                stopped: "Disconnected",
                typing: "is typing…",
                alone: "Nobody else is here.",
            }
        } else {
            Words {
                connecting: "Connexion…",
                online: "Connecté : vos modifications sont enregistrées au fil de la frappe.",
                reading: "Connecté : vous voyez les modifications des auteurs en direct.",
                offline: "Hors ligne : continuez à écrire, vos modifications sont gardées dans ce navigateur et fusionnées à la reconnexion.",
                stopped: "Déconnecté",
                typing: "écrit…",
                alone: "Personne d'autre n'est là.",
            }
        }
    }
}
