//! Every function: the reference's own examples, nulls, nesting.

use super::{eval, eval_with, s};
use crate::model::{Attr, Value};

const NULL: Value = Value::Null;

#[test]
fn append() {
    let upn = [(Attr::UserPrincipalName, s("John.Doe@contoso.com"))];
    assert_eq!(
        eval_with(r#"Append([userPrincipalName], ".test")"#, &upn),
        s("John.Doe@contoso.com.test")
    );
    assert_eq!(eval(r#"Append([mail], ".test")"#), NULL, "a null source stays null");
    assert_eq!(eval(r#"Append("a", [mail])"#), s("a"), "a null suffix adds nothing");
    assert_eq!(eval("Append(Left([givenName], 1), [surname])"), s("JDoe"));
    assert_eq!(
        eval_with("Append(Left([givenName], 1), [surname])", &[(Attr::Surname, s("Doe"))]),
        s("Doe")
    );
    assert_eq!(eval(r#"Append(IsNull([mail]), "!")"#), s("True!"));
}

#[test]
fn cbool() {
    assert_eq!(eval("CBool([givenName] = [surname])"), Value::Bool(false));
    assert_eq!(eval("CBool([givenName] = [GivenName])"), Value::Bool(true));
    for (arg, b) in [
        (r#""yes""#, true),
        (r#""0""#, false),
        ("5", true),
        ("0", false),
        (r#""False""#, false),
    ] {
        assert_eq!(eval(&format!("CBool({arg})")), Value::Bool(b), "{arg}");
    }
    assert_eq!(eval(r#"CBool("maybe")"#), NULL);
    assert_eq!(eval("CBool([mail])"), NULL);
}

#[test]
fn cstr() {
    assert_eq!(eval("CStr(12)"), s("12"));
    assert_eq!(eval("CStr(IsNull([mail]))"), s("True"));
    assert_eq!(eval("CStr([mail])"), NULL);
    let groups = [(Attr::MemberOf, Value::List(vec![s("Sales"), s("Staff")]))];
    assert_eq!(eval_with("CStr([memberOf])", &groups), s("Sales;Staff"));
    assert_eq!(
        eval_with("CStr([memberOf])", &[(Attr::MemberOf, Value::List(vec![]))]),
        NULL
    );
}

#[test]
fn coalesce() {
    assert_eq!(eval("Coalesce([mail],[userPrincipalName])"), s("John.Doe@contoso.com"));
    assert_eq!(eval(r#"Coalesce([mail], "")"#), s(""), "the empty string is not null");
    assert_eq!(eval(r#"Coalesce([mail], [city], "none")"#), s("none"));
    assert_eq!(eval("Coalesce([mail], [city])"), NULL);
    assert_eq!(eval("Coalesce(7)"), Value::Int(7));
}

#[test]
fn iif() {
    let text = r#"IIF([country]="USA",[country],[department])"#;
    let us = [(Attr::Country, s("USA")), (Attr::Department, s("Sales"))];
    assert_eq!(eval_with(text, &us), s("USA"));
    let de = [(Attr::Country, s("DE")), (Attr::Department, s("Sales"))];
    assert_eq!(eval_with(text, &de), s("Sales"));
    assert_eq!(
        eval_with(text, &[(Attr::Department, s("Sales"))]),
        NULL,
        "a null condition fails"
    );
    let and = r#"IIF([country]="USA",IIF([state]="CA","True","False"),"False")"#;
    assert_eq!(
        eval_with(and, &[(Attr::Country, s("USA")), (Attr::State, s("CA"))]),
        s("True")
    );
    assert_eq!(
        eval_with(and, &[(Attr::Country, s("USA")), (Attr::State, s("WA"))]),
        s("False")
    );
    assert_eq!(eval(r#"IIF(IsPresent([mail]), [mail], "none")"#), s("none"));
    assert_eq!(eval(r#"IIF("yes", 1, 2)"#), Value::Int(1));
    assert_eq!(eval(r#"IIF("perhaps", 1, 2)"#), NULL);
}

#[test]
fn ignore_flow_if_null_or_empty() {
    let text = r#"IgnoreFlowIfNullOrEmpty(Switch([jobTitle], "", "3443", "Dr.", "3444", "Prof."))"#;
    assert_eq!(eval_with(text, &[(Attr::JobTitle, s("3444"))]), s("Prof."));
    assert_eq!(eval_with(text, &[(Attr::JobTitle, s("9"))]), NULL);
    assert_eq!(eval("IgnoreFlowIfNullOrEmpty([department])"), NULL);
    assert_eq!(eval("IgnoreFlowIfNullOrEmpty(3)"), Value::Int(3));
}

#[test]
fn is_null_is_null_or_empty_is_present() {
    let cases = [
        (NULL, true, true),
        (s(""), false, true),
        (s(" "), false, false),
        (s("x"), false, false),
        (Value::List(vec![]), true, true),
    ];
    for (value, null, empty) in cases {
        let attrs = [(Attr::Department, value.clone())];
        assert_eq!(
            eval_with("IsNull([department])", &attrs),
            Value::Bool(null),
            "{value:?}"
        );
        assert_eq!(
            eval_with("IsNullOrEmpty([department])", &attrs),
            Value::Bool(empty),
            "{value:?}"
        );
        assert_eq!(
            eval_with("IsPresent([department])", &attrs),
            Value::Bool(!empty),
            "{value:?}"
        );
    }
}

#[test]
fn join() {
    assert_eq!(eval(r#"Join(" ", [givenName], [surname])"#), s("John Doe"));
    assert_eq!(
        eval(r#"Join(" ", [givenName], [mail], [surname])"#),
        s("John Doe"),
        "nulls are skipped"
    );
    assert_eq!(
        eval(r#"Join(", ", "", [surname], [givenName])"#),
        s("Doe, John"),
        "so are empty strings"
    );
    assert_eq!(eval(r#"Join(" ", [mail], [city])"#), NULL);
    assert_eq!(eval(r#"Join("", 1000, "x", IsNull([mail]))"#), s("1000xTrue"));
    let groups = [(Attr::MemberOf, Value::List(vec![s("Sales"), s("Staff")]))];
    assert_eq!(
        eval_with(r#"Join(",", [memberOf], "All")"#, &groups),
        s("Sales,Staff,All")
    );
    assert_eq!(eval(r#"Join(" ", [jobTitle], "(A)")"#), s("(A)"));
    let names = [(Attr::GivenName, s("GREGORY")), (Attr::Surname, s("JAMES"))];
    assert_eq!(
        eval_with(r#"PCase(Join(" ",[givenName],[surname]))"#, &names),
        s("Gregory James")
    );
}

#[test]
fn left() {
    assert_eq!(eval(r#"Left("John Doe", 3)"#), s("Joh"));
    assert_eq!(eval(r#"Left("John Doe", 0)"#), s(""));
    assert_eq!(eval(r#"Left("John Doe", -1)"#), s("John Doe"));
    assert_eq!(eval(r#"Left("John Doe", 20)"#), s("John Doe"));
    assert_eq!(eval(r#"Left("abc", "2")"#), s("ab"));
    assert_eq!(eval("Left([mail], 2)"), s(""), "a null string gives the empty string");
    assert_eq!(eval("Left([givenName], [surname])"), NULL, "a count that is no number");
    assert_eq!(eval(r#"Left("Zoë Ödegård", 3)"#), s("Zoë"));
}

#[test]
fn mid() {
    assert_eq!(eval(r#"Mid("John Doe", 1, 3)"#), s("Joh"));
    assert_eq!(eval(r#"Mid("John Doe", 6, 10)"#), s("Doe"));
    assert_eq!(eval(r#"Mid("John Doe", 20, 1)"#), s(""));
    assert_eq!(eval(r#"Mid("John Doe", 0, 1)"#), NULL);
    assert_eq!(eval(r#"Mid("John Doe", 1, -1)"#), NULL);
    assert_eq!(eval("Mid([mail], 1, 1)"), NULL);
    assert_eq!(eval(r#"Mid("Ødegård", 2, 5)"#), s("degår"));
    assert_eq!(
        eval("Append(Mid([givenName], 1, 3), Mid([surname], 1, 5))"),
        s("JohDoe")
    );
}

#[test]
fn normalize_diacritics() {
    for (from, to) in [
        ("Zoë", "Zoe"),
        ("José Ñúñez", "Jose Nunez"),
        ("Ødegård", "OEdegard"),
        ("Straße", "Strasse"),
        ("Æsir", "AEsir"),
        ("Łukasz Dąbrowski", "Lukasz Dabrowski"),
        ("İlkay Çelik", "Ilkay Celik"),
        ("한국 日本", "한국 日本"),
        ("plain", "plain"),
    ] {
        assert_eq!(
            eval_with("NormalizeDiacritics([givenName])", &[(Attr::GivenName, s(from))]),
            s(to)
        );
    }
    assert_eq!(eval("NormalizeDiacritics([mail])"), NULL);
    let upn =
        r#"ToLower(Join("@", NormalizeDiacritics(StripSpaces(Join(".",  [givenName], [surname]))), "contoso.com"))"#;
    let names = [(Attr::GivenName, s("Zoë Ann")), (Attr::Surname, s("Ødegård"))];
    assert_eq!(eval_with(upn, &names), s("zoeann.oedegard@contoso.com"));
}

#[test]
fn not() {
    assert_eq!(eval(r#"Not("True")"#), Value::Bool(false));
    assert_eq!(eval(r#"Not("False")"#), Value::Bool(true));
    assert_eq!(eval("Not(IsNull([mail]))"), Value::Bool(false));
    assert_eq!(
        eval_with("Not([accountEnabled])", &[(Attr::AccountEnabled, Value::Bool(true))]),
        Value::Bool(false)
    );
    assert_eq!(eval("Not([mail])"), Value::Bool(true), "anything but true gives True");
}

#[test]
fn pcase() {
    let name = |v: &str| [(Attr::GivenName, s(v))];
    assert_eq!(
        eval_with("PCase([givenName])", &name("PABLO GONSALVES (SECOND)")),
        s("Pablo Gonsalves (Second)")
    );
    assert_eq!(
        eval_with(r#"PCase([givenName]," '-")"#, &name("PINTO-DE'SILVA")),
        s("Pinto-De'Silva")
    );
    assert_eq!(
        eval_with(r#"PCase([givenName],"-")"#, &name("PINTO-DE'SILVA")),
        s("Pinto-De'silva")
    );
    assert_eq!(eval_with("PCase([givenName])", &name("o'brien 3RD")), s("O'Brien 3rd"));
    assert_eq!(eval_with("PCase([givenName], )", &name("éLODIE")), s("Élodie"));
    assert_eq!(eval("PCase([mail])"), NULL);
}

#[test]
fn replace_plain_and_template() {
    let title = [(Attr::JobTitle, s("Product Developer"))];
    let text = r#"Replace([jobTitle],"Product Developer", , , "Software Engineer", , )"#;
    assert_eq!(eval_with(text, &title), s("Software Engineer"));
    let mail = [(Attr::Mail, s("john.doe@contoso.com"))];
    assert_eq!(
        eval_with(r#"Replace([mail], "@contoso.com", , ,"", ,)"#, &mail),
        s("john.doe")
    );
    assert_eq!(
        eval_with(r#"Replace([mail], "O", , , "0", , )"#, &mail),
        s("john.doe@contoso.com"),
        "case-sensitive"
    );
    assert_eq!(
        eval_with(r#"Replace([mail], "o", , , "0")"#, &mail),
        s("j0hn.d0e@c0nt0s0.c0m")
    );
    assert_eq!(
        eval_with(r#"Replace([mail], [city], , , "x", , )"#, &mail),
        s("john.doe@contoso.com")
    );
    assert_eq!(eval(r#"Replace([mail], "a", , , "b", , )"#), NULL, "a null source");
    let nick = [(Attr::MailNickname, s("jsmith"))];
    let template = r#"Replace([mailNickname],"<username>", , , , , "<username>@contoso.com")"#;
    assert_eq!(eval_with(template, &nick), s("jsmith@contoso.com"));
    assert_eq!(eval(template), NULL);
}

#[test]
fn replace_with_regular_expressions() {
    let phone = |v: &str| [(Attr::TelephoneNumber, s(v))];
    let digits =
        r#"Replace([telephoneNumber], , "\\+(?<isdCode>\\d* )(?<phoneNumber>\\d{10})", , "${phoneNumber}", , )"#;
    assert_eq!(eval_with(digits, &phone("+91 9998887777")), s("9998887777"));
    let collapse = r#"Replace([telephoneNumber], , "[()\\s-]+", , "", , )"#;
    assert_eq!(eval_with(collapse, &phone("+1 (999) 888-7777")), s("+19998887777"));
    let street = r#"Replace([streetAddress], ,"(?<streetNumber>^\\d*)","streetNumber", "888", , )"#;
    assert_eq!(
        eval_with(street, &[(Attr::StreetAddress, s("545 Tremont Street"))]),
        s("888 Tremont Street")
    );
    let suffix = r#"Replace([userPrincipalName], , "(?<Suffix>@(.)*)", "Suffix", "", , )"#;
    assert_eq!(
        eval_with(suffix, &[(Attr::UserPrincipalName, s("jsmith@contoso.com"))]),
        s("jsmith")
    );
    let letters = r#"Replace([mailNickname], , "[a-zA-Z_]*", , "", , )"#;
    assert_eq!(eval_with(letters, &[(Attr::MailNickname, s("john_doe72"))]), s("72"));
    assert_eq!(eval(letters), NULL);
    let numbered = r##"Replace([mailNickname], , "([a-z]+)(\d+)", "2", "#", , )"##;
    assert_eq!(
        eval_with(numbered, &[(Attr::MailNickname, s("ab12 cd34"))]),
        s("ab# cd#")
    );
}

#[test]
fn replace_from_another_attribute() {
    let text = r#"Replace([employeeId], , "\\+(?<isdCode>\\d* )(?<phoneNumber>\\d{10})", "phoneNumber" , , [telephoneNumber], )"#;
    let phone = (Attr::TelephoneNumber, s("+91 8887779999"));
    assert_eq!(
        eval_with(text, &[(Attr::EmployeeId, s("")), phone.clone()]),
        s("8887779999")
    );
    assert_eq!(eval_with(text, std::slice::from_ref(&phone)), s("8887779999"));
    assert_eq!(eval_with(text, &[(Attr::EmployeeId, s("E-7")), phone]), s("E-7"));
    assert_eq!(eval_with(text, &[(Attr::TelephoneNumber, s("none"))]), NULL, "no match");
}

#[test]
fn replace_built_without_its_compiled_pattern_compiles_it() {
    let parsed = super::parse(r#"Replace([mail], , "o+", , "0", , )"#);
    let super::Expr::Call { function, args, .. } = parsed else {
        panic!("not a call")
    };
    let built = super::Expr::Call {
        function,
        args,
        span: Default::default(),
        regex: None,
    };
    let value = built.eval(&|a| if a == Attr::Mail { s("foo@b") } else { NULL });
    assert_eq!(value, s("f0@b"));
}

#[test]
fn strip_spaces() {
    assert_eq!(eval(r#"StripSpaces(" John  Doe Smith ")"#), s("JohnDoeSmith"));
    assert_eq!(eval("StripSpaces(\"a\tb\")"), s("a\tb"), "only spaces");
    assert_eq!(eval("StripSpaces([mail])"), NULL);
}

#[test]
fn switch() {
    let text = r#"Switch([country], "Unknown", "US", "United States", "DE", "Germany")"#;
    assert_eq!(eval(text), s("Germany"));
    assert_eq!(eval_with(text, &[(Attr::Country, s("US"))]), s("United States"));
    assert_eq!(eval_with(text, &[(Attr::Country, s("FR"))]), s("Unknown"));
    assert_eq!(
        eval_with(text, &[(Attr::Country, s("de"))]),
        s("Unknown"),
        "case-sensitive"
    );
    assert_eq!(eval_with(text, &[]), s("Unknown"));
    let states = r#"Switch([state], "Australia/Sydney", "NSW", "Australia/Sydney","QLD", "Australia/Brisbane", "SA", "Australia/Adelaide")"#;
    assert_eq!(eval_with(states, &[(Attr::State, s("QLD"))]), s("Australia/Brisbane"));
    let other = r#"Switch([country],[country],"","Other")"#;
    assert_eq!(eval_with(other, &[]), s("Other"), "null matches the empty key");
    assert_eq!(eval_with(other, &[(Attr::Country, s("FR"))]), s("FR"));
    assert_eq!(eval(r#"Switch([city], , "Oslo", "NO")"#), NULL, "no default");
    let flag = r#"Switch(ToLower([department]), "0", "true", "1", "false", "0")"#;
    assert_eq!(eval_with(flag, &[(Attr::Department, s("TRUE"))]), s("1"));
}

#[test]
fn to_lower_and_to_upper() {
    assert_eq!(eval("ToLower([givenName])"), s("john"));
    assert_eq!(eval("ToUpper([givenName], )"), s("JOHN"));
    assert_eq!(eval("ToLower([mail])"), NULL);
    assert_eq!(eval("ToUpper([mail], \"en-US\")"), NULL);
    assert_eq!(eval(r#"ToLower("TITLE İ", "tr-TR")"#), s("tıtle i"));
    assert_eq!(eval(r#"ToUpper("istanbul ı", "tr")"#), s("İSTANBUL I"));
    assert_eq!(eval(r#"ToUpper("istanbul", "en-US")"#), s("ISTANBUL"));
    assert_eq!(eval(r#"ToLower("ÀÉÎ")"#), s("àéî"));
}

#[test]
fn word() {
    assert_eq!(eval(r#"Word("The quick brown fox",3," ")"#), s("brown"));
    assert_eq!(eval(r#"Word("This,string!has&many separators",3,",!&#")"#), s("has"));
    assert_eq!(eval(r#"Word("a  b", 2, " ")"#), s("b"), "empty words do not count");
    assert_eq!(eval(r#"Word("a b", 0, " ")"#), s(""));
    assert_eq!(eval(r#"Word("a b", 3, " ")"#), s(""));
    assert_eq!(eval(r#"Word([mail], 1, " ")"#), s(""));
    assert_eq!(eval(r#"Word("a b", [mail], " ")"#), NULL);
}

#[test]
fn comparisons() {
    assert_eq!(
        eval(r#"IIF(Left("12", 2) > 5, "big", "small")"#),
        s("big"),
        "numbers by value"
    );
    assert_eq!(eval(r#"IIF("12" > "5", "big", "small")"#), s("big"));
    assert_eq!(eval(r#"CBool("a" = "A")"#), Value::Bool(false), "text case-sensitively");
    assert_eq!(eval(r#"CBool("a" < "b")"#), Value::Bool(true));
    assert_eq!(eval(r#"CBool([givenName] <> "John")"#), Value::Bool(false));
    assert_eq!(eval(r#"CBool("b" >= "b")"#), Value::Bool(true));
    assert_eq!(eval(r#"CBool(2 <= 1)"#), Value::Bool(false));
    assert_eq!(
        eval(r#"IsNull([mail]) = "true""#),
        Value::Bool(true),
        "booleans as conditions"
    );
    assert_eq!(eval(r#"IsNull([mail]) = "maybe""#), Value::Bool(false));
    assert_eq!(eval(r#"[mail] = """#), NULL, "null on a side");
}
