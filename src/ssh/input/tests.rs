use super::*;

fn k(code: KeyCode) -> Input {
    key(code, KeyModifiers::NONE)
}

fn all(bytes: &[u8]) -> Vec<Input> {
    let mut d = Decoder::new();
    let mut out = d.feed(bytes);
    out.extend(d.flush());
    out
}

#[test]
fn plain_keys_enter_tab_backspace_and_control() {
    assert_eq!(
        all(b"a\r\t\x7f\x03"),
        vec![
            k(KeyCode::Char('a')),
            k(KeyCode::Enter),
            k(KeyCode::Tab),
            k(KeyCode::Backspace),
            key(KeyCode::Char('c'), KeyModifiers::CONTROL),
        ]
    );
}

#[test]
fn utf8_characters_even_split_across_reads() {
    let mut d = Decoder::new();
    let bytes = "é".as_bytes();
    assert!(d.feed(&bytes[..1]).is_empty());
    assert_eq!(d.feed(&bytes[1..]), vec![k(KeyCode::Char('é'))]);
}

#[test]
fn arrows_function_keys_and_editing_keys() {
    assert_eq!(
        all(b"\x1b[A\x1b[B\x1b[C\x1b[D\x1bOP\x1b[15~\x1b[24~\x1b[3~\x1b[5~\x1b[Z\x1b[H\x1b[4~"),
        vec![
            k(KeyCode::Up),
            k(KeyCode::Down),
            k(KeyCode::Right),
            k(KeyCode::Left),
            k(KeyCode::F(1)),
            k(KeyCode::F(5)),
            k(KeyCode::F(12)),
            k(KeyCode::Delete),
            k(KeyCode::PageUp),
            key(KeyCode::BackTab, KeyModifiers::SHIFT),
            k(KeyCode::Home),
            k(KeyCode::End),
        ]
    );
}

#[test]
fn modifiers_on_arrows() {
    assert_eq!(
        all(b"\x1b[1;5C\x1b[1;2A"),
        vec![
            key(KeyCode::Right, KeyModifiers::CONTROL),
            key(KeyCode::Up, KeyModifiers::SHIFT),
        ]
    );
}

#[test]
fn an_escape_sequence_split_across_two_reads_is_one_key() {
    let mut d = Decoder::new();
    assert!(d.feed(b"\x1b").is_empty());
    assert!(d.is_pending());
    assert_eq!(d.feed(b"[A"), vec![k(KeyCode::Up)]);
    assert!(d.feed(b"\x1b[").is_empty());
    assert_eq!(d.feed(b"B"), vec![k(KeyCode::Down)]);
    assert!(d.feed(b"\x1b[1").is_empty());
    assert_eq!(
        d.feed(b"5~x"),
        vec![k(KeyCode::F(5)), k(KeyCode::Char('x'))]
    );
    assert!(!d.is_pending());
}

#[test]
fn a_lone_esc_is_esc_once_nothing_follows() {
    let mut d = Decoder::new();
    assert!(d.feed(b"\x1b").is_empty());
    assert_eq!(d.flush(), vec![k(KeyCode::Esc)]);
    // Two in a row: two keys.
    assert_eq!(all(b"\x1b\x1b"), vec![k(KeyCode::Esc), k(KeyCode::Esc)]);
}

#[test]
fn esc_then_a_key_is_alt_key() {
    assert_eq!(
        all(b"\x1bx"),
        vec![key(KeyCode::Char('x'), KeyModifiers::ALT)]
    );
}

#[test]
fn an_unfinished_sequence_becomes_keys_on_flush() {
    assert_eq!(
        all(b"\x1b[12"),
        vec![
            k(KeyCode::Esc),
            k(KeyCode::Char('[')),
            k(KeyCode::Char('1')),
            k(KeyCode::Char('2')),
        ]
    );
}

#[test]
fn sgr_mouse_clicks_releases_and_wheel() {
    let out = all(b"\x1b[<0;10;5M\x1b[<0;10;5m\x1b[<64;1;1M");
    let kinds: Vec<_> = out
        .iter()
        .map(|i| match i {
            Input::Mouse(m) => (m.kind, m.column, m.row),
            other => panic!("not a mouse report: {other:?}"),
        })
        .collect();
    assert_eq!(
        kinds,
        vec![
            (MouseEventKind::Down(MouseButton::Left), 9, 4),
            (MouseEventKind::Up(MouseButton::Left), 9, 4),
            (MouseEventKind::ScrollUp, 0, 0),
        ]
    );
}

#[test]
fn a_mouse_report_split_across_reads() {
    let mut d = Decoder::new();
    assert!(d.feed(b"\x1b[<0;3").is_empty());
    let out = d.feed(b";7M");
    assert!(matches!(
        out.as_slice(),
        [Input::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: 2,
            row: 6,
            ..
        })]
    ));
}

#[test]
fn x10_mouse_report() {
    let out = all(&[0x1b, b'[', b'M', 32, 33 + 4, 33 + 2]);
    assert!(matches!(
        out.as_slice(),
        [Input::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: 4,
            row: 2,
            ..
        })]
    ));
}

#[test]
fn bracketed_paste_is_one_input_even_split() {
    let mut d = Decoder::new();
    assert!(d.feed(b"\x1b[200~hel").is_empty());
    assert!(d.feed(b"lo\x1b[20").is_empty());
    assert_eq!(
        d.feed(b"1~a"),
        vec![Input::Paste("hello".into()), k(KeyCode::Char('a'))]
    );
}

#[test]
fn garbage_never_panics() {
    let mut d = Decoder::new();
    for chunk in [
        &b"\x1b[\xff\xfe"[..],
        b"\x80\x81",
        b"\x1b[<;;M",
        b"\x1b[99999999~",
    ] {
        let _ = d.feed(chunk);
    }
    let _ = d.flush();
    assert!(!d.is_pending());
}

proptest::proptest! {
    #[test]
    fn any_split_of_a_stream_reads_like_the_whole(
        bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..64),
        cut in 0usize..64,
    ) {
        let cut = cut.min(bytes.len());
        let whole = all(&bytes);
        let mut d = Decoder::new();
        let mut split = d.feed(&bytes[..cut]);
        split.extend(d.feed(&bytes[cut..]));
        split.extend(d.flush());
        proptest::prop_assert_eq!(whole, split);
    }
}
