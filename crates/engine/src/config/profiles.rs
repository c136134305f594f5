//! The profiles shipped in the binary (`rules/*.yaml`), by name.

/// A profile shipped in the binary, from the top-level `rules/` folder.
#[derive(Debug)]
pub struct Profile {
    pub name: &'static str,
    pub text: &'static str,
}

pub static PROFILES: &[Profile] = &[
    Profile {
        name: "default",
        text: include_str!("../../../../rules/default.yaml"),
    },
    Profile {
        name: "pre-renewal",
        text: include_str!("../../../../rules/pre-renewal.yaml"),
    },
    Profile {
        name: "compliance",
        text: include_str!("../../../../rules/compliance.yaml"),
    },
    Profile {
        name: "reseller-health",
        text: include_str!("../../../../rules/reseller-health.yaml"),
    },
];

pub fn profile(name: &str) -> Option<&'static Profile> {
    PROFILES.iter().find(|p| p.name == name)
}
