namespace Nurture.Scoring.Model;

/// <summary>Webmail domains: an address there says nothing about the person's company.</summary>
public static class FreeEmailDomains
{
    private static readonly HashSet<string> Domains = new(StringComparer.OrdinalIgnoreCase)
    {
        "gmail.com", "googlemail.com", "yahoo.com", "yahoo.co.jp", "ymail.com", "hotmail.com", "outlook.com",
        "live.com", "msn.com", "aol.com", "icloud.com", "me.com", "mac.com", "proton.me", "protonmail.com",
        "gmx.com", "gmx.de", "gmx.net", "web.de", "mail.ru", "yandex.ru", "yandex.com", "qq.com", "163.com",
        "126.com", "naver.com", "hanmail.net", "docomo.ne.jp", "ezweb.ne.jp", "softbank.ne.jp", "i.softbank.jp",
        "au.com", "nifty.com", "biglobe.ne.jp", "ocn.ne.jp", "zoho.com", "fastmail.com", "hey.com", "tutanota.com",
        "orange.fr", "free.fr", "laposte.net", "libero.it", "t-online.de", "btinternet.com", "comcast.net",
    };

    public static bool IsFree(string email)
    {
        var at = email.LastIndexOf('@');
        return at >= 0 && Domains.Contains(email[(at + 1)..]);
    }
}
