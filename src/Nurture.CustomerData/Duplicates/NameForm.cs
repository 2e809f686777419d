namespace Nurture.CustomerData.Duplicates;

/// <summary>
/// One way a record spells its person's name, as a <see cref="Cleansing.PersonNameKey"/> variant. Only forms in
/// the same script family can be compared: romaji (typed, or made from kana) with romaji, kanji with kanji.
/// </summary>
internal readonly record struct NameForm(string Key, bool IsRomaji, bool FromKana);
