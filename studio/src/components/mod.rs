//! The studio's components, one per file. They render what `app::Studio` decided and report
//! input as events; none of them holds an editing rule.

pub mod field;
pub mod inspector;
pub mod picker;
pub mod preview_matrix;
pub mod problems;
pub mod share;
pub mod side_tabs;
pub mod stage;
pub mod timeline;
pub mod toolbar;

pub use field::Field;
pub use inspector::Inspector;
pub use picker::Picker;
pub use preview_matrix::PreviewMatrix;
pub use problems::Problems;
pub use share::Share;
pub use side_tabs::SideTabs;
pub use stage::{Stage, StageEvent};
pub use timeline::{BarPart, Timeline, TimelineEvent};
pub use toolbar::{Toolbar, ToolbarEvent};
