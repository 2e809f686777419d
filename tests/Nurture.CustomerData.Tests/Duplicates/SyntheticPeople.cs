using System.Globalization;
using System.Text;
using Nurture.CustomerData.Cleansing;
using Nurture.CustomerData.Duplicates;

namespace Nurture.CustomerData.Tests.Duplicates;

/// <summary>
/// A seeded, realistic customer ledger for measuring duplicate detection: Japanese people at Japanese
/// companies, some on the company switchboard, some known only by romaji, plus known duplicates made by the
/// corruptions real ledgers show (widths, legal forms, typos, phone formats, kana against romaji).
/// </summary>
internal sealed class SyntheticPeople
{
    private static readonly (string Kanji, string Kana)[] FamilyNames = Pairs(
        "佐藤サトウ 鈴木スズキ 高橋タカハシ 田中タナカ 伊藤イトウ 渡辺ワタナベ 山本ヤマモト 中村ナカムラ 小林コバヤシ 加藤カトウ " +
        "吉田ヨシダ 山田ヤマダ 佐々木ササキ 山口ヤマグチ 松本マツモト 井上イノウエ 木村キムラ 林ハヤシ 斎藤サイトウ 清水シミズ " +
        "山崎ヤマザキ 森モリ 池田イケダ 橋本ハシモト 阿部アベ 石川イシカワ 山下ヤマシタ 中島ナカジマ 石井イシイ 小川オガワ " +
        "前田マエダ 岡田オカダ 長谷川ハセガワ 藤田フジタ 後藤ゴトウ 近藤コンドウ 村上ムラカミ 遠藤エンドウ 青木アオキ 坂本サカモト " +
        "斉藤サイトウ 福田フクダ 太田オオタ 西村ニシムラ 藤井フジイ 金子カネコ 岡本オカモト 藤原フジワラ 中野ナカノ 三浦ミウラ " +
        "原田ハラダ 中川ナカガワ 松田マツダ 竹内タケウチ 小野オノ 田村タムラ 中山ナカヤマ 和田ワダ 石田イシダ 森田モリタ " +
        "上田ウエダ 原ハラ 柴田シバタ 酒井サカイ 工藤クドウ 横山ヨコヤマ 宮崎ミヤザキ 宮本ミヤモト 内田ウチダ 高木タカギ " +
        "安藤アンドウ 谷口タニグチ 大野オオノ 丸山マルヤマ 今井イマイ 河野コウノ 藤本フジモト 村田ムラタ 武田タケダ 上野ウエノ");

    private static readonly (string Kanji, string Kana)[] GivenNames = Pairs(
        "太郎タロウ 次郎ジロウ 健太ケンタ 翔太ショウタ 大輔ダイスケ 拓也タクヤ 直樹ナオキ 誠マコト 健一ケンイチ 浩二コウジ " +
        "隆タカシ 亮リョウ 悠斗ユウト 陽斗ハルト 蓮レン 大翔ヒロト 湊ミナト 樹イツキ 颯太ソウタ 一郎イチロウ " +
        "和也カズヤ 哲也テツヤ 達也タツヤ 雄一ユウイチ 剛ツヨシ 修オサム 学マナブ 聡サトシ 勇気ユウキ 駿シュン " +
        "花子ハナコ 陽子ヨウコ 恵子ケイコ 幸子サチコ 裕子ユウコ 美咲ミサキ 陽菜ヒナ 結衣ユイ 葵アオイ 愛アイ " +
        "彩アヤ 真由美マユミ 由美子ユミコ 明美アケミ 直美ナオミ 智子トモコ 久美子クミコ 香織カオリ 舞マイ 優子ユウコ " +
        "麻衣マイ 千尋チヒロ 美穂ミホ 沙織サオリ 理恵リエ 奈々ナナ 彩花アヤカ 美月ミヅキ 凛リン 芽依メイ " +
        "莉子リコ 七海ナナミ 優奈ユウナ 杏アン 恵メグミ 純一ジュンイチ 俊介シュンスケ 康平コウヘイ 慎吾シンゴ 祐介ユウスケ " +
        "弘ヒロシ 進ススム 茂シゲル 実ミノル 稔ミノル 昭アキラ 亮太リョウタ 涼リョウ 光ヒカル 忠タダシ");

    private static readonly string[] CompanyStems =
    [
        "アクア", "ブルー", "グリーン", "サン", "ミライ", "ネクスト", "ハーモニー", "スカイ", "オーシャン", "フォレスト",
        "スター", "ライト", "クラウド", "ビジョン", "パシフィック", "アルファ", "ベータ", "ユニバース", "コスモ", "ステラ",
        "ルミナ", "エコー", "ノヴァ", "リンク", "ブリッジ", "ゲート", "タワー", "リバー", "マウンテン", "サクラ",
        "フジ", "ヤマト", "アサヒ", "ヒカリ", "カエデ", "ツバキ", "アオイ", "ミドリ", "ハヤテ", "イナホ",
    ];

    private static readonly string[] CompanySuffixes = ["テック", "システムズ", "商事", "物産", "工業", "ソリューションズ", "ラボ", "デザイン", "フーズ", "メディカル"];
    private static readonly string[] Sources = ["business cards", "trade show", "web form", "purchased list"];
    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly Random _random;
    private readonly List<(string Name, string Switchboard)> _companies = [];

    public SyntheticPeople(int seed)
    {
        _random = new Random(seed);
        foreach (var stem in CompanyStems)
            foreach (var suffix in CompanySuffixes)
                _companies.Add((stem + suffix, $"0{_random.Next(3, 10)}-{_random.Next(1000, 10000)}-{_random.Next(1000, 10000)}"));
    }

    public List<PersonRecord> People { get; } = [];

    /// <summary>The pairs of ids that are truly one person.</summary>
    public HashSet<(string, string)> Duplicates { get; } = [];

    public SyntheticPeople AddPeople(int count)
    {
        for (var i = 0; i < count; i++) People.Add(NewPerson());
        return this;
    }

    public SyntheticPeople AddDuplicates(int count)
    {
        var originals = People.OrderBy(_ => _random.Next()).Take(count).ToList();
        foreach (var original in originals)
        {
            var copy = Corrupt(original with { Id = $"d{People.Count}", UpdatedAt = RandomTime(), Source = Pick(Sources) });
            People.Add(copy);
            Duplicates.Add((original.Id, copy.Id));
        }
        return this;
    }

    private PersonRecord NewPerson()
    {
        var id = $"p{People.Count}";
        var (family, given) = (Pick(FamilyNames), Pick(GivenNames));
        var (company, switchboard) = _companies[_random.Next(_companies.Count)];
        var companyIndex = _companies.FindIndex(c => c.Name == company);
        // Some ledgers only have the company's shared mailbox for a person.
        var email = _random.NextDouble() < 0.05
            ? $"info@c{companyIndex}.example.co.jp"
            : $"{Ascii(given.Kana)}.{Ascii(family.Kana)}{People.Count}@c{companyIndex}.example.co.jp";
        var phone = _random.NextDouble() < 0.3 ? switchboard : $"090-{_random.Next(1000, 10000)}-{_random.Next(1000, 10000)}";
        var legalName = _random.Next(2) == 0 ? "株式会社" + company : company + "株式会社";
        // One in ten is known only by a romaji name, as from an English-language form or list.
        return _random.NextDouble() < 0.1
            ? new PersonRecord(id, email, phone, Romaji(given.Kana) + " " + Romaji(family.Kana), null, legalName, RandomTime(), Pick(Sources))
            : new PersonRecord(id, email, phone, $"{family.Kanji} {given.Kanji}", $"{family.Kana} {given.Kana}", legalName, RandomTime(), Pick(Sources));
    }

    /// <summary>Two or three corruptions; never so many that no person could tell the records belong together.</summary>
    private PersonRecord Corrupt(PersonRecord record)
    {
        var corruptions = new Func<PersonRecord, PersonRecord>[]
        {
            r => r with { Email = UpperCaseDomain(r.Email) },
            r => r.Phone is null ? r : r with { Phone = Reformat(r.Phone) },
            r => r with { Company = OtherLegalForm(r.Company!) },
            r => r with { Name = Typo(r.Name!) },
            r => r.KanaName is null ? r : r with { Name = Romaji(Kana(r.KanaName, 0)) + " " + Romaji(Kana(r.KanaName, 1)), KanaName = null },
            r => r.KanaName is null ? r : r with { KanaName = HalfWidth(r.KanaName) },
            r => r with { Name = r.Name!.Contains(' ') ? r.Name.Replace(" ", "") : r.Name },
            r => r with { Email = null },
            r => r with { Phone = null },
            r => r with { Email = $"{Ascii(Kana(original: r, 1))}{_random.Next(100)}@mail.example.com" },
        };
        var chosen = Enumerable.Range(0, corruptions.Length).OrderBy(_ => _random.Next()).Take(_random.Next(2, 4)).ToList();
        // Losing (or changing) the e-mail and losing the phone leaves only a name and a company: keep the phone then.
        if ((chosen.Contains(7) || chosen.Contains(9)) && chosen.Contains(8)) chosen.Remove(8);
        return chosen.Aggregate(record, (r, k) => corruptions[k](r));
    }

    private static string? UpperCaseDomain(string? email) => email is null ? null : email[..email.IndexOf('@')] + email[email.IndexOf('@')..].ToUpperInvariant();

    private string Reformat(string phone)
    {
        var digits = new string(phone.Where(char.IsAsciiDigit).ToArray());
        var national = digits[1..];
        return _random.Next(5) switch
        {
            0 => $"+81 {national[..2]}-{national[2..6]}-{national[6..]}",
            1 => digits,
            2 => string.Concat(phone.Select(c => char.IsAsciiDigit(c) ? (char)(c - '0' + '０') : c == '-' ? 'ー' : c)),
            3 => $"({digits[..3]}) {digits[3..7]} {digits[7..]}",
            _ => national, // Excel dropped the leading zero
        };
    }

    private string OtherLegalForm(string company)
    {
        var bare = company.Replace("株式会社", "");
        return _random.Next(4) switch
        {
            0 => bare + "(株)",
            1 => "㈱" + bare,
            2 => "（株）" + bare,
            _ => HalfWidth(bare) + " 株式会社",
        };
    }

    private string Typo(string name)
    {
        var chars = name.ToCharArray();
        var letters = Enumerable.Range(0, chars.Length).Where(i => char.IsLetter(chars[i])).ToList();
        var at = letters[_random.Next(letters.Count)];
        if (char.IsAsciiLetter(chars[at]))
        {
            chars[at] = (char)('a' + (chars[at] - (char.IsUpper(chars[at]) ? 'A' : 'a') + 1 + _random.Next(24)) % 26);
            return new string(chars);
        }
        chars[at] = "一二三四五六七八九十"[_random.Next(10)];
        return new string(chars);
    }

    private static string Kana(string kanaName, int word) => kanaName.Split(' ')[word];

    // The given name's reading, wherever this record keeps it (romaji-only records keep none: use the name).
    private static string Kana(PersonRecord original, int word) =>
        original.KanaName is { } kana ? Kana(kana, word) : original.Name!.Split(' ')[0].ToLowerInvariant();

    // Romaji as on a passport: long vowels unmarked, "ou" written "o" (タロウ → Taro).
    private static string Romaji(string kana)
    {
        var romaji = Nurture.CustomerData.Cleansing.Kana.ToRomaji(kana).Replace("ou", "o");
        return char.ToUpperInvariant(romaji[0]) + romaji[1..];
    }

    private static string Ascii(string kana) => Nurture.CustomerData.Cleansing.Kana.ToRomaji(kana);

    private static string HalfWidth(string text)
    {
        const string full = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲンァィゥェォャュョッー";
        const string half = "ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜｦﾝｧｨｩｪｫｬｭｮｯｰ";
        var builder = new StringBuilder();
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            var index = full.IndexOf(c);
            builder.Append(index >= 0 ? half[index] : c == '\u3099' ? 'ﾞ' : c == '\u309A' ? 'ﾟ' : c);
        }
        return builder.ToString();
    }

    private DateTimeOffset RandomTime() => Start.AddMinutes(_random.Next(0, 60 * 24 * 700));

    private T Pick<T>(T[] items) => items[_random.Next(items.Length)];

    private static (string Kanji, string Kana)[] Pairs(string list) =>
        list.Split(' ').Select(p =>
        {
            var kanaStart = p.IndexOf(p.First(c => c is >= 'ァ' and <= 'ヺ'), StringComparison.Ordinal);
            return (p[..kanaStart], p[kanaStart..]);
        }).ToArray();

    public static string Describe(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);
}
