package rendezvous_test

import (
	"strings"
	"testing"

	"github.com/rendezvous-oss/rendezvous"
)

// TestNormalizeName: names are stored in NFC with single spaces; what is
// invisible, reorders the display or stacks marks is refused, and the
// world's spellings are kept as typed.
func TestNormalizeName(t *testing.T) {
	tests := []struct {
		name, in, want string // want "" means refused
	}{
		{"OKSpaces", "  Marie \t Curie  ", "Marie Curie"},
		{"OKNFCFromCombining", "Le\u0301a Zoe\u0308", "Léa Zoë"},
		{"OKAlreadyNFC", "Léa Zoë", "Léa Zoë"},
		{"OKHangulJamoComposed", "\u1112\u1161\u11ab", "한"},
		{"OKVietnameseTwoMarks", "Nguye\u0302\u0303n", "Nguyễn"},
		{"OKTurkishDotless", "Işık Yıldız", "Işık Yıldız"},
		{"OKTurkishDotted", "İpek Şahin", "İpek Şahin"},
		{"OKGreek", "Ελένη Παπαδοπούλου", "Ελένη Παπαδοπούλου"},
		{"OKArabic", "فاطمة الزهراء", "فاطمة الزهراء"},
		{"OKHebrew", "דוד לוי", "דוד לוי"},
		{"OKPersianZWNJ", "علی\u200cرضا", "علی\u200cرضا"},
		{"OKDevanagariZWJ", "क्\u200dष", "क्\u200dष"},
		{"OKApostropheHyphen", "Anne-Marie O'Neil", "Anne-Marie O'Neil"},
		{"OKNBSPIsASpace", "Marie\u00a0Curie", "Marie Curie"},
		{"OKIdeographicSpace", "山田\u3000太郎", "山田 太郎"},
		{"OKFullwidthKeptInNames", "ＭＡＲＩＥ", "ＭＡＲＩＥ"},
		{"ErrRightToLeftOverride", "\u202eeiruC eiraM", ""},
		{"ErrLeftToRightEmbedding", "Marie \u202aCurie\u202c", ""},
		{"ErrRightToLeftIsolate", "Marie \u2067Curie\u2069", ""},
		{"ErrRightToLeftMark", "Marie\u200f Curie", ""},
		{"ErrArabicLetterMark", "Marie\u061c Curie", ""},
		{"ErrZeroWidthSpace", "Ma\u200brie", ""},
		{"ErrZWNJInLatin", "Ma\u200crie", ""},
		{"ErrZWJInLatin", "Ma\u200drie", ""},
		{"ErrZWJAtEnd", "علی\u200d", ""},
		{"ErrZWNJBetweenScripts", "علی\u200cMarie", ""},
		{"ErrWordJoiner", "Marie\u2060Curie", ""},
		{"ErrByteOrderMark", "\ufeffMarie", ""},
		{"ErrSoftHyphen", "Ma\u00adrie", ""},
		{"ErrInvisibleTimes", "Marie\u2062", ""},
		{"ErrMongolianVowelSeparator", "Marie\u180e", ""},
		{"ErrTagCharacters", "Marie\U000e0041\U000e0042", ""},
		{"ErrHangulFiller", "\u3164", ""},
		{"ErrHangulFillerInName", "Marie\u3164Curie", ""},
		{"ErrHalfwidthHangulFiller", "Marie\uffa0", ""},
		{"ErrBrailleBlank", "Marie\u2800Curie", ""},
		{"ErrVariationSelector", "Marie\ufe0f", ""},
		{"ErrCombiningGraphemeJoiner", "Marie\u034f", ""},
		{"ErrPrivateUse", "Marie\ue000", ""},
		{"ErrUnassigned", "Marie\U000e0fff", ""},
		{"ErrNoncharacter", "Marie\ufffe", ""},
		{"ErrInterlinearAnnotation", "Marie\ufff9Curie\ufffb", ""},
		{"ErrControl", "Marie\x07", ""},
		{"ErrC1Control", "Marie\u0085Curie\u009b", ""},
		{"ErrReplacementCharacter", "Marie\ufffd", ""},
		{"ErrLeadingCombiningMark", "\u0301Marie", ""},
		{"ErrWordStartsWithMark", "Marie \u0301Curie", ""},
		{"ErrZalgo", "Ma" + strings.Repeat("\u0336", 5) + "rie", ""},
		{"ErrOnlyMarksAndSpaces", " \u200b ", ""},
		{"ErrTooLongAfterNFC", strings.Repeat("e\u0301", 101), ""},
		{"OKLongestAfterNFC", strings.Repeat("e\u0301", 100), strings.Repeat("é", 100)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := rendezvous.NormalizeName(tt.in)
			if tt.want == "" {
				if err == nil {
					t.Fatalf("NormalizeName(%+q) = %+q, want refused", tt.in, got)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("NormalizeName(%+q) = %+q, %v; want %+q", tt.in, got, err, tt.want)
			}
			if again, err := rendezvous.NormalizeName(got); err != nil || again != got {
				t.Errorf("not idempotent: %+q then %+q, %v", got, again, err)
			}
		})
	}
}

// TestNormalizeEmail: an address becomes ASCII, lower case, its domain an
// IDNA A-label; nothing that could fold onto another person's address is
// mapped — it is refused.
func TestNormalizeEmail(t *testing.T) {
	tests := []struct {
		name, in, want string // want "" means refused
	}{
		{"OKLowerCase", "  Marie.Curie@Example.COM ", "marie.curie@example.com"},
		{"OKPlusTag", "marie+rdv@example.com", "marie+rdv@example.com"},
		{"OKIDNDomain", "marie@müller.de", "marie@xn--mller-kva.de"},
		{"OKIDNDomainUpperCase", "Marie@MÜLLER.DE", "marie@xn--mller-kva.de"},
		{"OKIDNDomainCombining", "marie@mu\u0308ller.de", "marie@xn--mller-kva.de"},
		{"OKALabelKept", "marie@xn--mller-kva.de", "marie@xn--mller-kva.de"},
		{"OKALabelUpperCase", "marie@XN--MLLER-KVA.DE", "marie@xn--mller-kva.de"},
		{"OKEszett", "hans@straße.de", "hans@xn--strae-oqa.de"},
		{"OKTurkishDotlessDomain", "ali@ışık.com.tr", "ali@xn--k-ekaa7p.com.tr"},
		{"OKCyrillicDomain", "ivan@пример.рф", "ivan@xn--e1afmkfd.xn--p1ai"},
		{"OKJapaneseDomain", "taro@例え.jp", "taro@xn--r8jz45g.jp"},
		{"OKHebrewDomain", "david@בדיקה.com", "david@xn--5dbedt4e.com"},
		{"ErrOhmSign", "marie@\u2126mega.com", ""},
		{"ErrGreekQuestionMark", "marie\u037e@example.com", ""},
		{"ErrCJKCompatibilityIdeograph", "taro@\uf900.jp", ""},
		{"ErrKelvinSignLocal", "\u212aate@example.com", ""},
		{"ErrKelvinSignDomain", "kate@\u212aample.com", ""},
		{"ErrAngstromSign", "\u212bsa@example.com", ""},
		{"ErrFullwidthLocal", "ｍａｒｉｅ@example.com", ""},
		{"ErrFullwidthDomain", "marie@ｅｘａｍｐｌｅ.com", ""},
		{"ErrFullwidthAt", "marie＠example.com", ""},
		{"ErrLigature", "\ufb01na@example.com", ""},
		{"ErrMathematicalLetters", "\U0001d426arie@example.com", ""},
		{"ErrSuperscript", "marie\u00b2@example.com", ""},
		{"ErrIdeographicFullStop", "marie@example\u3002com", ""},
		{"ErrTurkishCapitalIInDomain", "info@\u0130stanbul.com", ""},
		{"ErrTurkishCapitalIInLocal", "\u0130nfo@example.com", ""},
		{"ErrTurkishDotlessLocal", "\u0131nfo@example.com", ""},
		{"ErrNonASCIILocal", "jöhn@example.com", ""},
		{"ErrCyrillicLookalikeLocal", "j\u043ehn@example.com", ""},
		{"ErrZeroWidthSpaceLocal", "ma\u200brie@example.com", ""},
		{"ErrZeroWidthSpaceDomain", "marie@exam\u200bple.com", ""},
		{"ErrZWJDomain", "marie@exam\u200dple.com", ""},
		{"ErrSoftHyphenDomain", "marie@exam\u00adple.com", ""},
		{"ErrBidiOverride", "marie@\u202eelpmaxe.com", ""},
		{"ErrBidiMark", "marie\u200e@example.com", ""},
		{"ErrByteOrderMark", "\ufeffmarie@example.com", ""},
		{"ErrEmojiDomain", "marie@\U0001f4a9.la", ""},
		{"ErrEmojiALabel", "marie@xn--ls8h.la", ""},
		{"ErrBadALabel", "marie@xn--zz.de", ""},
		{"ErrMixedDirectionLabel", "marie@a\u05d0.com", ""},
		{"ErrUnderscoreDomain", "marie@exa_mple.com", ""},
		{"ErrHyphenStart", "marie@-example.com", ""},
		{"ErrLabelTooLong", "marie@" + strings.Repeat("a", 64) + ".com", ""},
		{"ErrTooLongOnceEncoded", strings.Repeat("a", 60) + "@" + strings.Repeat("é", 60) + "." + strings.Repeat("é", 60) + ".fr", ""},
		{"ErrIPLiteral", "marie@[192.0.2.1]", ""},
		{"ErrNoDot", "marie@localhost", ""},
		{"ErrDisplayName", "Marie <marie@example.com>", ""},
		{"ErrNUL", "marie\x00@example.com", ""},
		{"ErrInvalidUTF8", "marie\xff@example.com", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := rendezvous.NormalizeEmail(tt.in)
			if tt.want == "" {
				if err == nil {
					t.Fatalf("NormalizeEmail(%+q) = %+q, want refused", tt.in, got)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("NormalizeEmail(%+q) = %+q, %v; want %+q", tt.in, got, err, tt.want)
			}
			if again, err := rendezvous.NormalizeEmail(got); err != nil || again != got {
				t.Errorf("not idempotent: %+q then %+q, %v", got, again, err)
			}
		})
	}
}

// TestCustomerFieldsShareTheRules: the API's and the chat's entry point,
// NormalizeCustomer, applies the same rules as NormalizeName and
// NormalizeEmail, naming the field.
func TestCustomerFieldsShareTheRules(t *testing.T) {
	c, err := rendezvous.NormalizeCustomer(rendezvous.Customer{Name: "Le\u0301a", Email: "Lea@Müller.de", Phone: "06 12 34 56 78"}, "FR")
	if err != nil || c.Name != "Léa" || c.Email != "lea@xn--mller-kva.de" {
		t.Fatalf("NormalizeCustomer = %+v, %v", c, err)
	}
	_, err = rendezvous.NormalizeCustomer(rendezvous.Customer{Name: "\u202eaeL", Email: "\u212aate@example.com", Phone: "06 12 34 56 78"}, "FR")
	var fields []string
	for _, f := range rendezvous.ErrorFieldsOf(err) {
		fields = append(fields, f.Field)
	}
	if strings.Join(fields, ",") != "customer.name,customer.email" {
		t.Fatalf("fields %v, %v", fields, err)
	}
}
