//! Write the synthetic benchmark spec: `synthetic [OPERATIONS] [--yaml]` prints it as
//! JSON (or YAML) on standard output; 800 operations by default.

fn main() {
    let mut operations = 800;
    let mut yaml = false;
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--yaml" => yaml = true,
            number => operations = number.parse().expect("a number of operations"),
        }
    }
    let json = tests::synthetic::spec(operations);
    if yaml {
        let value: serde_json::Value = serde_json::from_str(&json).expect("JSON");
        print!("{}", serde_yaml::to_string(&value).expect("YAML"));
    } else {
        println!("{json}");
    }
}
