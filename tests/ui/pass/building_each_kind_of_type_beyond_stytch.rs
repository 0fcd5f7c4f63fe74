//! The intended way to make the kinds of types the Stytch spec lacks (the kitchen-sink
//! client): parameter structs, unions, error bodies and multipart bodies.

use kitchen_sink::types::{
    Circle, ListNotesFilter, ListNotesOrder, ListNotesParams, Problem, Shape, UploadFileBody,
    UploadFileBodyPurpose,
};
use kitchen_sink::{FilePart, MissingField};

fn main() -> Result<(), MissingField> {
    // Parameters: the constructor takes the required ones, setters the rest.
    let _params = ListNotesParams::new("trace-1")
        .limit(10)
        .order(ListNotesOrder::Desc)
        .filter(ListNotesFilter::new().state("open"));
    // A union: its variants, each holding its type.
    let _shape = Shape::Circle(Circle::new(1.5));
    // An error body, as a test fakes one.
    let problem = Problem::builder().title("Conflict").detail("exists").build()?;
    assert_eq!(problem.title, "Conflict");
    // A multipart body: files are bytes with an optional name and type.
    let _upload = UploadFileBody::new(
        FilePart::new(b"\x89PNG".to_vec()).with_file_name("a.png"),
        UploadFileBodyPurpose::Avatar,
    )
    .caption("a picture");
    // A match on a union needs a wildcard arm, as on any generated enum.
    let area = match Shape::Circle(Circle::new(1.0)) {
        Shape::Circle(circle) => circle.radius,
        _ => 0.0,
    };
    assert_eq!(area, 1.0);
    Ok(())
}
