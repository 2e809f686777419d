using System.Text;

namespace Nurture.CustomerData.Cleansing;

/// <summary>
/// A key for matching company names, not for display: "株式会社ナーチャー", "ナーチャー(株)" and "ﾅｰﾁｬｰ株式会社"
/// share one, as do "Nurture Inc." and "NURTURE, Co., Ltd.". Legal forms are dropped wherever they stand
/// (the same company is registered before and after its name, and ledgers abbreviate them), then everything
/// but letters and digits.
/// </summary>
public static class CompanyNameKey
{
    // Japanese forms are removed as substrings: Japanese has no spaces to mark word ends. After NFKC
    // "㈱" and "（株）" are both "(株)".
    private static readonly string[] JapaneseForms =
    [
        "株式会社", "有限会社", "合同会社", "合資会社", "合名会社",
        "一般社団法人", "一般財団法人", "公益社団法人", "公益財団法人", "特定非営利活動法人", "npo法人",
        "医療法人社団", "医療法人財団", "医療法人", "学校法人", "社会福祉法人", "宗教法人",
        "(株)", "(有)", "(同)", "(資)", "(名)", "(一社)", "(一財)", "(公社)", "(公財)", "(特非)", "(社)", "(財)", "(医)", "(学)", "(福)", "(宗)",
    ];

    // Latin forms are removed only as whole words, dots ignored: "AG" must not eat the "ag" of "Agency".
    private static readonly HashSet<string> LatinForms = new(StringComparer.Ordinal)
    {
        "inc", "incorporated", "co", "ltd", "coltd", "corporation", "corp", "llc", "limited",
        "gmbh", "ag", "sa", "kk", "plc", "llp", "pte", "pty", "bv", "nv", "srl", "sas", "sarl",
    };

    private static readonly char[] WordSeparators = [' ', ',', '(', ')', '/', '・', '&'];

    /// <summary>The matching key, or null when nothing but legal forms and punctuation was given.</summary>
    public static string? For(string? name)
    {
        var text = TextCleaner.Clean(name)?.ToLowerInvariant();
        if (text is null) return null;
        foreach (var form in JapaneseForms) text = text.Replace(form, " ", StringComparison.Ordinal);

        var key = new StringBuilder(text.Length);
        foreach (var word in text.Split(WordSeparators, StringSplitOptions.RemoveEmptyEntries))
        {
            if (LatinForms.Contains(word.Replace(".", ""))) continue;
            foreach (var c in word) if (char.IsLetterOrDigit(c)) key.Append(c);
        }
        return key.Length == 0 ? null : key.ToString();
    }
}
