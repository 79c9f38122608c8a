//! `--output table|json|csv`: the same rows for a person, a script, or a spreadsheet.

use clap::ValueEnum;

/// How results are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned columns, for a person.
    Table,
    /// One JSON document, for scripts.
    Json,
    /// Comma-separated values (RFC 4180), for a spreadsheet or a mail merge.
    Csv,
}

/// Rows under headers.
#[derive(Debug, Clone)]
pub struct Table {
    /// Column names.
    pub headers: Vec<String>,
    /// Cells, one row each.
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// A table with these column names.
    pub fn new(headers: &[&str]) -> Self {
        Self { headers: headers.iter().map(|h| (*h).to_owned()).collect(), rows: Vec::new() }
    }

    /// Adds a row.
    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    /// Aligned text; widths count characters, wide (CJK) ones as two columns.
    pub fn text(&self) -> String {
        let width = |s: &str| s.chars().map(|c| if c as u32 >= 0x1100 { 2 } else { 1 }).sum::<usize>();
        let columns = self.headers.len();
        let widths: Vec<usize> = (0..columns)
            .map(|i| {
                self.rows
                    .iter()
                    .map(|r| r.get(i).map_or(0, |c| width(c)))
                    .chain([width(&self.headers[i])])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let line = |cells: &[String]| {
            let mut out = String::new();
            for (i, cell) in cells.iter().enumerate() {
                out.push_str(cell);
                if i + 1 < cells.len() {
                    out.push_str(&" ".repeat(widths[i] - width(cell) + 2));
                }
            }
            out.trim_end().to_owned()
        };
        let mut out = vec![line(&self.headers)];
        out.push(widths.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>().join("  "));
        out.extend(self.rows.iter().map(|r| line(r)));
        out.join("\n") + "\n"
    }

    /// RFC 4180: every field quoted when it holds a comma, a quote or a line break.
    /// A field a spreadsheet would run as a formula (it starts with `=`, `+`, `-`,
    /// `@`, a tab or a carriage return: users can often set their own email
    /// attribute) gets a `'` first and is quoted, as OWASP's "CSV Injection" page
    /// recommends, so the sheet shows it as text.
    pub fn csv(&self) -> String {
        let field = |s: &String| {
            let formula = s.starts_with(['=', '+', '-', '@', '\t', '\r']);
            if formula || s.contains([',', '"', '\n', '\r']) {
                let quote = if formula { "'" } else { "" };
                format!("\"{quote}{}\"", s.replace('"', "\"\""))
            } else {
                s.clone()
            }
        };
        let line = |cells: &[String]| cells.iter().map(field).collect::<Vec<_>>().join(",");
        let mut out = vec![line(&self.headers)];
        out.extend(self.rows.iter().map(|r| line(r)));
        out.join("\r\n") + "\r\n"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_what_needs_it_and_text_aligns_wide_characters() {
        let mut t = Table::new(&["username", "email"]);
        t.row(vec!["amy".into(), "a@example.com".into()]);
        t.row(vec!["o\"brien, jr".into(), "".into()]);
        assert_eq!(t.csv(), "username,email\r\namy,a@example.com\r\n\"o\"\"brien, jr\",\r\n");
        let mut j = Table::new(&["名前", "x"]);
        j.row(vec!["ab".into(), "1".into()]);
        assert_eq!(j.text(), "名前  x\n----  -\nab    1\n");
    }

    #[test]
    fn csv_cells_a_spreadsheet_would_run_are_text() {
        let mut t = Table::new(&["username", "email"]);
        for email in ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"] {
            t.row(vec!["u".into(), email.into()]);
        }
        t.row(vec!["a-b".into(), "x@example.com".into()]);
        let csv = t.csv();
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(lines[1], "u,\"'=HYPERLINK(\"\"http://x\"\")\"");
        assert_eq!(lines[2], "u,\"'+1+1\"");
        assert_eq!(lines[3], "u,\"'-2+3\"");
        assert_eq!(lines[4], "u,\"'@SUM(A1)\"");
        assert_eq!(lines[5], "u,\"'\t=1\"");
        assert!(csv.contains("u,\"'\r=1\""));
        assert!(csv.contains("a-b,x@example.com\r\n"), "a - or @ inside a cell is left alone");
    }
}
