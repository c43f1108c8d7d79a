//! Times frames of each overlay on a data file: `cargo run --release --example probe -- FILE`.
use labdash::app::{Action, App};
use labdash::cli::Origin;
use labdash::ui::{self, Theme};
use labdash::view::Query;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn main() {
    let Some(path) = std::env::args().nth(1) else { return };
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let Ok(ds) = labdash::data::load(&path, &text) else {
        return;
    };
    for (name, actions) in [
        ("table", vec![]),
        ("compare", vec![Action::ToggleMark, Action::ToggleMark, Action::Compare]),
        ("details", vec![Action::OpenDetails]),
    ] {
        let mut app = App::new(ds.clone(), Origin::File(path.clone().into()), Query::default());
        let mut term = Terminal::new(TestBackend::new(200, 60)).unwrap_or_else(|e| match e {});
        let t = std::time::Instant::now();
        for a in actions {
            app.update(a);
        }
        let upd = t.elapsed();
        let t = std::time::Instant::now();
        for _ in 0..5 {
            let _ = term.draw(|f| {
                ui::draw(f, &app, &Theme::DARK);
            });
        }
        println!("{name}: update {upd:?}, frame {:?}", t.elapsed() / 5);
    }
}
