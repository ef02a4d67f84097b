//! Files as organisers really send them, made here: encodings, delimiters, workbooks, junk.

use rust_xlsxwriter::Workbook;

use crate::{read, Error, Format};

fn cells(sheet: &crate::Sheet) -> Vec<Vec<&str>> {
    sheet.rows.iter().map(|r| r.cells.iter().map(String::as_str).collect()).collect()
}

#[test]
fn utf8_csv_with_bom_quotes_and_embedded_commas() {
    let text = "\u{feff}Badge ID,Name,Company\r\n000123,Lisa Wang,\"Acme, Inc.\"\r\n\r\n42,\"Bo \"\"BoBo\"\" Li\",Brightway\r\n";
    let sheet = read(text.as_bytes(), "list.csv").unwrap();
    assert_eq!(sheet.format, Format::Csv);
    assert_eq!(sheet.source, "UTF-8");
    assert_eq!(sheet.headers, ["Badge ID", "Name", "Company"]);
    assert_eq!(cells(&sheet), [["000123", "Lisa Wang", "Acme, Inc."], ["42", "Bo \"BoBo\" Li", "Brightway"]]);
    assert_eq!(sheet.rows.iter().map(|r| r.number).collect::<Vec<_>>(), [2, 4], "blank row 3 skipped, numbers kept");
}

#[test]
fn semicolon_and_tab_separated_files_are_told_apart() {
    let semi = "id;name;company\n1;Anna Schmidt;Müller, GmbH\n2;Jan;X\n";
    assert_eq!(cells(&read(semi.as_bytes(), "x.csv").unwrap())[0], ["1", "Anna Schmidt", "Müller, GmbH"]);
    let tab = "id\tname\tcompany, city\n1\tAnna\tA, Berlin\n";
    let sheet = read(tab.as_bytes(), "x.txt").unwrap();
    assert_eq!(sheet.headers, ["id", "name", "company, city"]);
    assert_eq!(cells(&sheet)[0], ["1", "Anna", "A, Berlin"]);
}

#[test]
fn gbk_and_windows_1252_exports_are_decoded() {
    let (gbk, _, _) = encoding_rs::GBK.encode("编号,姓名,公司\n1,王伟,深圳华强电子有限公司\n2,李娜,上海贸易\n");
    let sheet = read(&gbk, "名单.csv").unwrap();
    assert_eq!(sheet.source, "GBK");
    assert_eq!(cells(&sheet)[0], ["1", "王伟", "深圳华强电子有限公司"]);

    let (latin, _, _) = encoding_rs::WINDOWS_1252.encode("id;name;company\n1;José Müller;Société Générale\n");
    let sheet = read(&latin, "x.csv").unwrap();
    assert_eq!(cells(&sheet)[0], ["1", "José Müller", "Société Générale"]);
}

#[test]
fn utf16_with_and_without_bom() {
    let text = "id\tname\n7\tZoë\n";
    let mut le: Vec<u8> = vec![0xFF, 0xFE];
    le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    assert_eq!(cells(&read(&le, "x.csv").unwrap()), [["7", "Zoë"]]);
    let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    assert_eq!(cells(&read(&be, "x.csv").unwrap()), [["7", "Zoë"]]);
}

#[test]
fn ragged_rows_are_padded_and_extra_cells_get_a_column() {
    let sheet = read(b"id,name\n1\n2,Bo,extra\n", "x.csv").unwrap();
    assert_eq!(sheet.headers, ["id", "name", "Column 3"]);
    assert_eq!(cells(&sheet), [vec!["1", "", ""], vec!["2", "Bo", "extra"]]);
}

#[test]
fn xlsx_numbers_dates_and_a_later_sheet() {
    let mut book = Workbook::new();
    book.add_worksheet().set_name("Empty").unwrap();
    let ws = book.add_worksheet().set_name("Attendees").unwrap();
    ws.write(0, 0, "Reg No").unwrap();
    ws.write(0, 1, "Full name").unwrap();
    ws.write(0, 2, "Registered").unwrap();
    ws.write(1, 0, 123456.0).unwrap();
    ws.write(1, 1, "王伟").unwrap();
    let date = rust_xlsxwriter::ExcelDateTime::from_ymd(2026, 11, 23).unwrap();
    let fmt = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    ws.write_datetime_with_format(1, 2, &date, &fmt).unwrap();
    ws.write(2, 0, 1.5).unwrap();
    ws.write(2, 1, "  Bo Li\n").unwrap();
    let bytes = book.save_to_buffer().unwrap();

    let sheet = read(&bytes, "export.bin").unwrap();
    assert_eq!(sheet.format, Format::Xlsx);
    assert_eq!(sheet.source, "Attendees");
    assert_eq!(sheet.headers, ["Reg No", "Full name", "Registered"]);
    assert_eq!(cells(&sheet), [["123456", "王伟", "2026-11-23"], ["1.5", "Bo Li", ""]]);
    assert_eq!(sheet.rows[0].number, 2);
}

#[test]
fn junk_is_refused_with_a_reason_never_a_panic() {
    assert_eq!(read(b"", "x.csv"), Err(Error::Empty));
    assert_eq!(read(b"\n , ,\n\n", "x.csv"), Err(Error::Empty));
    assert_eq!(read(&[0u8; 64], "x.csv"), Err(Error::NotASpreadsheet));
    let png = [0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3, 0, 0, 0];
    assert_eq!(read(&png, "photo.csv"), Err(Error::NotASpreadsheet));
    assert!(matches!(read(b"PK\x03\x04 not really a zip", "x.xlsx"), Err(Error::Workbook(_))));
    assert!(matches!(read(&[0xD0, 0xCF, 0x11, 0xE0, 1, 2, 3], "x.xls"), Err(Error::Workbook(_))));
    // Every prefix of a real workbook: an error or a sheet, and no panic.
    let mut book = Workbook::new();
    book.add_worksheet().write(0, 0, "id").unwrap();
    let bytes = book.save_to_buffer().unwrap();
    for end in (0..bytes.len()).step_by(97) {
        let _ = read(&bytes[..end], "x.xlsx");
    }
}
