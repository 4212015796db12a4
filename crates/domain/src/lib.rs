//! softland's domain: cases, routes, checklist templates, Czech working days and deadlines.
//! Pure logic: no I/O, no clock reads (today is always an argument).

pub mod breach;
pub mod buddy;
pub mod calendar;
pub mod case;
pub mod date_format;
pub mod date_input;
pub mod deadline;
pub mod document;
pub mod erasure;
pub mod file;
pub mod key;
pub mod key_date;
pub mod month;
pub mod note;
pub mod partner;
pub mod person;
pub mod privacy;
pub mod reminder;
pub mod site;
pub mod status;
pub mod template;
pub mod two_factor;

pub use calendar::Calendar;
pub use case::{Case, ChecklistItem, Holder, NewCase};
pub use deadline::{Anchor, Deadline, DeadlineRule, Outcome};
pub use key::{ItemKey, RouteKey};
pub use key_date::{KeyDate, KeyDates};
pub use status::{Action, ActionKind, ItemStatus, Reason, StatusKind};
pub use template::{Catalog, ChecklistTemplate, TemplateError};
