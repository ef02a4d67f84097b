//! The organiser's attendee list: who is behind an id-only badge.
//!
//! Shows print the same id different ways — `000123` on the badge, `123` in the list,
//! `REG-123` in the URL — so both sides are compared through [`id_key`].

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One person on a show's attendee list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Attendee {
    /// The id as the organiser wrote it.
    pub attendee_id: String,
    pub company: String,
    pub name: String,
    pub title: String,
    pub phone: String,
    pub email: String,
    pub country: String,
}

/// What an import did, for the screen that ran it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AttendeeImport {
    /// Attendees new to this show's list.
    pub added: u32,
    /// Attendees already on the list whose details were replaced.
    pub updated: u32,
    /// Rows without a usable id (the caller reports which).
    pub skipped: u32,
    /// Waiting leads this list named, each saved as a new version.
    pub reconciled: u32,
    /// Spreadsheet row numbers of the skipped rows (the first 50), for the person to check.
    #[serde(default)]
    pub skipped_rows: Vec<u32>,
}

/// A show's list at a glance: how many attendees, how many scans still wait for them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AttendeeListStatus {
    pub attendees: u32,
    pub to_reconcile: u32,
}

/// Which column of the organiser's file holds which attendee field (0-based); `None` = not
/// in the file. A full name wins over first + last name when both are mapped.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AttendeeColumns {
    pub attendee_id: Option<u32>,
    pub name: Option<u32>,
    pub first_name: Option<u32>,
    pub last_name: Option<u32>,
    pub company: Option<u32>,
    pub title: Option<u32>,
    pub phone: Option<u32>,
    pub email: Option<u32>,
    pub country: Option<u32>,
}

/// Header spellings seen in organisers' exports, compared after [`header_key`]. Ordered so
/// specific fields claim their column before the generic ones (`Badge ID` before `ID`).
const HEADERS: &[(&str, &[&str])] = &[
    (
        "attendee_id",
        &[
            "badgeid",
            "badgeno",
            "badgenumber",
            "badge",
            "attendeeid",
            "registrationid",
            "registrationno",
            "registrationnumber",
            "regid",
            "regno",
            "registrationcode",
            "visitorid",
            "ticketid",
            "ticketno",
            "ticket",
            "barcode",
            "qrcode",
            "id",
            "code",
            "编号",
            "证件号",
            "胸卡号",
            "登记号",
            "参观证号",
            "胸卡编号",
            "注册号",
            "شناسه",
            "کد",
            "شمارهکارت",
        ],
    ),
    ("email", &["email", "emailaddress", "mail", "邮箱", "电子邮件", "电子邮箱", "邮件", "ایمیل", "پستالکترونیک"]),
    (
        "phone",
        &[
            "phone",
            "mobile",
            "mobilephone",
            "phonenumber",
            "tel",
            "telephone",
            "cell",
            "cellphone",
            "手机",
            "手机号",
            "手机号码",
            "电话",
            "联系电话",
            "تلفن",
            "موبایل",
            "تلفنهمراه",
        ],
    ),
    ("first_name", &["firstname", "givenname", "first", "fname", "forename", "名"]),
    ("last_name", &["lastname", "surname", "familyname", "last", "lname", "姓"]),
    (
        "name",
        &[
            "name",
            "fullname",
            "attendeename",
            "visitorname",
            "contactname",
            "contact",
            "姓名",
            "名字",
            "联系人",
            "نام",
            "نامونامخانوادگی",
        ],
    ),
    (
        "company",
        &[
            "company",
            "companyname",
            "organisation",
            "organization",
            "org",
            "employer",
            "account",
            "firm",
            "公司",
            "公司名称",
            "单位",
            "单位名称",
            "企业",
            "企业名称",
            "شرکت",
            "سازمان",
        ],
    ),
    ("title", &["title", "jobtitle", "position", "role", "designation", "职位", "职务", "头衔", "سمت", "عنوان"]),
    ("country", &["country", "countrycode", "nation", "countryregion", "国家", "国家地区", "国家或地区", "کشور"]),
];

/// A header as compared with [`HEADERS`]: letters and digits only, lower case.
fn header_key(header: &str) -> String {
    header.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

impl AttendeeColumns {
    /// The mapping a person would most likely pick for these headers; each column used once.
    pub fn guess(headers: &[String]) -> AttendeeColumns {
        let keys: Vec<String> = headers.iter().map(|h| header_key(h)).collect();
        let mut used = vec![false; headers.len()];
        let mut cols = AttendeeColumns::default();
        for (field, spellings) in HEADERS {
            let found =
                spellings.iter().find_map(|s| keys.iter().enumerate().position(|(i, k)| !used[i] && k == s)).map(|i| {
                    used[i] = true;
                    i as u32
                });
            *cols.slot(field) = found;
        }
        if cols.name.is_some() && cols.first_name.is_some() && cols.last_name.is_none() {
            // `Name` + `First` is rarely full + given; more often "Name" means the surname.
            cols.last_name = cols.name.take();
        }
        cols
    }

    /// The rows of a file (`(row number, cells)`) as attendees, and the numbers of the rows
    /// skipped for having no id.
    pub fn attendees<'a>(&self, rows: impl IntoIterator<Item = (u32, &'a [String])>) -> (Vec<Attendee>, Vec<u32>) {
        let mut list = Vec::new();
        let mut skipped = Vec::new();
        for (number, cells) in rows {
            match self.attendee(cells) {
                Some(a) => list.push(a),
                None => skipped.push(number),
            }
        }
        (list, skipped)
    }

    fn slot(&mut self, field: &str) -> &mut Option<u32> {
        match field {
            "attendee_id" => &mut self.attendee_id,
            "name" => &mut self.name,
            "first_name" => &mut self.first_name,
            "last_name" => &mut self.last_name,
            "company" => &mut self.company,
            "title" => &mut self.title,
            "phone" => &mut self.phone,
            "email" => &mut self.email,
            _ => &mut self.country,
        }
    }

    /// One row of the file as an attendee, or `None` when the row has no id to match a badge by.
    pub fn attendee(&self, cells: &[String]) -> Option<Attendee> {
        let cell = |c: Option<u32>| c.and_then(|i| cells.get(i as usize)).map_or("", |v| v.trim()).to_string();
        let attendee_id = cell(self.attendee_id);
        id_key(&attendee_id)?;
        let full = cell(self.name);
        let name = if full.is_empty() {
            let (first, last) = (cell(self.first_name), cell(self.last_name));
            // Chinese, Japanese and Korean names are written family name first, without a space.
            if [&first, &last].iter().any(|s| s.chars().any(is_cjk)) {
                format!("{last}{first}")
            } else {
                format!("{first} {last}").trim().to_string()
            }
        } else {
            full
        };
        Some(Attendee {
            attendee_id,
            name,
            company: cell(self.company),
            title: cell(self.title),
            phone: cell(self.phone),
            email: cell(self.email),
            country: cell(self.country),
        })
    }
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{3040}'..='\u{30FF}' | '\u{AC00}'..='\u{D7AF}')
}

/// The form of an attendee id used to match a badge against the list: letters and digits
/// only, upper case, and the zero padding of its first number dropped (`A-0042` → `A42`,
/// `000123` → `123`). `None` for an id with no letter or digit.
pub fn id_key(id: &str) -> Option<String> {
    let alnum: Vec<char> = id.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_uppercase).collect();
    if alnum.is_empty() {
        return None;
    }
    let first_digit = alnum.iter().position(|c| c.is_ascii_digit()).unwrap_or(alnum.len());
    let run_end =
        alnum[first_digit..].iter().position(|c| !c.is_ascii_digit()).map_or(alnum.len(), |n| first_digit + n);
    let zeros = alnum[first_digit..run_end].iter().take_while(|c| **c == '0').count();
    // Keep one zero when the whole number is zeros: `0000` is id 0.
    let zeros = if first_digit + zeros == run_end { zeros.saturating_sub(1) } else { zeros };
    Some(alnum[..first_digit].iter().chain(&alnum[first_digit + zeros..]).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(h: &[&str]) -> Vec<String> {
        h.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn common_headers_are_mapped_in_english_and_chinese() {
        let cols = AttendeeColumns::guess(&headers(&[
            "ID",
            "Badge ID",
            "First Name",
            "Last Name",
            "E-Mail",
            "Company Name",
            "Job Title",
            "Mobile",
            "Country",
        ]));
        assert_eq!(cols.attendee_id, Some(1), "Badge ID beats a bare ID");
        assert_eq!((cols.first_name, cols.last_name, cols.name), (Some(2), Some(3), None));
        assert_eq!(
            (cols.email, cols.company, cols.title, cols.phone, cols.country),
            (Some(4), Some(5), Some(6), Some(7), Some(8))
        );
        let zh = AttendeeColumns::guess(&headers(&["编号", "姓名", "公司名称", "职务", "手机", "邮箱"]));
        assert_eq!(
            (zh.attendee_id, zh.name, zh.company, zh.title, zh.phone, zh.email),
            (Some(0), Some(1), Some(2), Some(3), Some(4), Some(5))
        );
        assert_eq!(AttendeeColumns::guess(&headers(&["foo", "bar"])), AttendeeColumns::default());
    }

    #[test]
    fn rows_become_attendees_and_rows_without_an_id_do_not() {
        let cols = AttendeeColumns {
            attendee_id: Some(0),
            first_name: Some(1),
            last_name: Some(2),
            email: Some(3),
            ..Default::default()
        };
        let row = |c: &[&str]| c.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let a = cols.attendee(&row(&[" 0042 ", "Lisa", "Wang", "lisa@acme.cn"])).unwrap();
        assert_eq!((a.attendee_id.as_str(), a.name.as_str(), a.email.as_str()), ("0042", "Lisa Wang", "lisa@acme.cn"));
        assert_eq!(cols.attendee(&row(&["7", "伟", "王"])).unwrap().name, "王伟");
        assert_eq!(cols.attendee(&row(&["", "No", "Id"])), None);
        assert_eq!(cols.attendee(&row(&["7"])).unwrap().name, "", "short rows are fine");
    }

    #[test]
    fn ids_printed_differently_share_a_key() {
        for (a, b) in [
            ("000123", "123"),
            ("12.34", "1234"),
            ("reg-0042", "REG42"),
            ("0000", "0"),
            ("A-0042", "a42"),
            ("0010.02", "1002"),
        ] {
            assert_eq!(id_key(a), id_key(b), "{a} vs {b}");
        }
        assert_ne!(id_key("123"), id_key("1234"));
        assert_ne!(id_key("A42"), id_key("A402"));
        assert_ne!(id_key("10.02"), id_key("1.2"), "only the padding of the first number goes");
        assert_eq!(id_key(" - . "), None);
        assert_eq!(id_key("展会-７"), Some("展会７".into()));
    }
}
