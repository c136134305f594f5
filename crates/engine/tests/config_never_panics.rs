//! Reading and resolving a configuration never panics, whatever its text.

use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_configuration(text in "(extends|select|ignore|severity|options|waivers|rule|reason|expires|RC[0-9]{3}|off|error|[ :\\-\\[\\]{}\n*a-z0-9])*") {
        if let Ok(file) = rollcall_engine::config::read_config(&text, "c.yaml") {
            let _ = rollcall_engine::config::resolve(Some((&file, "c.yaml")), None, &rollcall_engine::config::Layer::default());
        }
    }
}
