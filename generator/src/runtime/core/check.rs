//! Validation: the checks generated `validate` methods run before anything is sent.

use super::ValidationError;

pub(crate) fn min_length(field: &str, value: &str, min: u64) -> Result<(), ValidationError> {
    if (value.chars().count() as u64) < min {
        return Err(ValidationError::new(
            field,
            format!("must be at least {min} characters long"),
        ));
    }
    Ok(())
}

pub(crate) fn max_length(field: &str, value: &str, max: u64) -> Result<(), ValidationError> {
    if value.chars().count() as u64 > max {
        return Err(ValidationError::new(
            field,
            format!("must be at most {max} characters long"),
        ));
    }
    Ok(())
}

pub(crate) fn pattern(field: &str, matches: bool, pattern: &str) -> Result<(), ValidationError> {
    if !matches {
        return Err(ValidationError::new(
            field,
            format!("must match the pattern `{pattern}`"),
        ));
    }
    Ok(())
}

pub(crate) fn minimum(
    field: &str,
    value: f64,
    min: f64,
    exclusive: bool,
) -> Result<(), ValidationError> {
    if value < min || (exclusive && value == min) {
        let bound = if exclusive {
            "greater than"
        } else {
            "at least"
        };
        return Err(ValidationError::new(
            field,
            format!("must be {bound} {min}"),
        ));
    }
    Ok(())
}

pub(crate) fn maximum(
    field: &str,
    value: f64,
    max: f64,
    exclusive: bool,
) -> Result<(), ValidationError> {
    if value > max || (exclusive && value == max) {
        let bound = if exclusive { "less than" } else { "at most" };
        return Err(ValidationError::new(
            field,
            format!("must be {bound} {max}"),
        ));
    }
    Ok(())
}

pub(crate) fn min_items(field: &str, len: usize, min: u64) -> Result<(), ValidationError> {
    if (len as u64) < min {
        return Err(ValidationError::new(
            field,
            format!("must have at least {min} items"),
        ));
    }
    Ok(())
}

pub(crate) fn max_items(field: &str, len: usize, max: u64) -> Result<(), ValidationError> {
    if len as u64 > max {
        return Err(ValidationError::new(
            field,
            format!("must have at most {max} items"),
        ));
    }
    Ok(())
}

pub(crate) fn known_value(value: &str) -> ValidationError {
    ValidationError::new(
        "",
        format!("`{value}` is not one of the values the spec allows"),
    )
}
