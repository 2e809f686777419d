namespace Nurture.Ingest.Normalisation;

/// <summary>
/// Attributes a visit to one of <see cref="Channels"/> from its referrer, its landing host and the
/// campaign tags of the landing URL. The rules and their order are documented in CHANNELS.md;
/// keep the two in step.
/// </summary>
public static class ChannelClassifier
{
    private static readonly HashSet<string> PaidSearchMedia = Set("cpc", "ppc", "paid", "paidsearch", "paid_search", "sem");

    // Generic "paid" media say nothing about the network, so a social source turns them into paid social.
    private static readonly HashSet<string> GenericPaidMedia = Set("cpc", "ppc", "paid");

    private static readonly HashSet<string> EmailMedia = Set("email", "e-mail", "newsletter");
    private static readonly HashSet<string> DisplayMedia = Set("display", "banner", "cpm", "programmatic");
    private static readonly HashSet<string> AffiliateMedia = Set("affiliate", "affiliates", "partner");
    private static readonly HashSet<string> SocialMedia = Set("social", "social-media", "social_media", "sm", "paid_social", "paidsocial");
    private static readonly HashSet<string> OrganicMedia = Set("organic");
    private static readonly HashSet<string> ReferralMedia = Set("referral");

    // Appended by search ad platforms on an ad click only.
    private static readonly HashSet<string> SearchClickIds = Set("gclid", "gbraid", "wbraid", "msclkid", "yclid");

    // dclid comes from Google's display and video products (DV360, Campaign Manager), not search ads.
    private static readonly HashSet<string> DisplayClickIds = Set("dclid");

    // fbclid is added to every outbound Facebook/Instagram link, paid or not: it means social, not paid.
    private static readonly HashSet<string> SocialClickIds = Set("fbclid", "ttclid", "twclid", "li_fat_id", "epik", "ScCid");

    private static readonly HashSet<string> EmailClickIds = Set("mc_cid");

    // utm_source values people use for social networks when they do not write a domain.
    private static readonly HashSet<string> SocialSourceNames = Set(
        "facebook", "fb", "instagram", "ig", "meta", "messenger", "threads", "twitter", "x", "linkedin",
        "youtube", "yt", "reddit", "pinterest", "tiktok", "snapchat", "tumblr", "line", "hatena", "mixi",
        "vk", "weibo", "wechat", "whatsapp", "telegram", "discord", "quora", "mastodon", "bluesky", "bsky",
        "xing");

    // utm_source values that name a mail tool or a mailing; only used when utm_medium is missing.
    private static readonly HashSet<string> EmailSourceNames = Set(
        "email", "e-mail", "mail", "newsletter", "mailchimp", "mailjet", "mailerlite", "sendgrid",
        "sendinblue", "brevo", "klaviyo", "constantcontact", "campaignmonitor", "convertkit", "substack");

    /// <summary>
    /// Picks the channel. <paramref name="referrerHost"/> and <paramref name="pageHost"/> are
    /// hosts (a whole URL is tolerated); either may be null. Never throws.
    /// </summary>
    public static string Classify(string? referrerHost, string? pageHost, AcquisitionParams acquisition)
    {
        acquisition ??= AcquisitionParams.None;
        var medium = Lower(acquisition.UtmMedium);
        var source = Lower(acquisition.UtmSource);
        var clickId = acquisition.ClickIdName;
        var referrer = HostRules.Normalise(referrerHost);
        var referrerKind = referrer is null ? HostKind.Unknown : HostRules.Classify(referrer);
        var socialSource = source is not null && IsSocialSource(source);

        // 1. Paid search; generic paid media from a social network are paid social.
        var searchClick = Has(SearchClickIds, clickId);
        if (Has(PaidSearchMedia, medium) || searchClick)
        {
            var fromSocial = socialSource || referrerKind == HostKind.Social || Has(SocialClickIds, clickId);
            // A search click id is only ever added by the search ad platform, so it outweighs tags.
            return !searchClick && Has(GenericPaidMedia, medium) && fromSocial ? Channels.Social : Channels.PaidSearch;
        }

        // 2-5. The remaining explicit tags, most specific first.
        if (Has(EmailMedia, medium) || Has(EmailClickIds, clickId)) return Channels.Email;
        if (Has(DisplayMedia, medium) || Has(DisplayClickIds, clickId)) return Channels.Display;
        if (Has(AffiliateMedia, medium)) return Channels.Affiliate;
        if (Has(SocialMedia, medium) || Has(SocialClickIds, clickId) || socialSource) return Channels.Social;

        // 6-7. What the referrer says.
        if (Has(OrganicMedia, medium) || referrerKind == HostKind.Search) return Channels.OrganicSearch;
        if (referrerKind == HostKind.Social) return Channels.Social;
        if (referrerKind == HostKind.Webmail) return Channels.Email;

        // 8. Tagged, but with nothing we recognise.
        if (Has(ReferralMedia, medium)) return Channels.Referral;
        if (medium is not null) return Channels.Other;
        if (source is not null) return IsEmailSource(source) ? Channels.Email : Channels.Other;

        // 9-10. Untagged: no referrer or our own site is direct, anything else is a referral.
        if (referrer is null) return Channels.Direct;
        var page = HostRules.Normalise(pageHost);
        return page is not null && HostRules.SameSite(referrer, page) ? Channels.Direct : Channels.Referral;
    }

    private static bool IsSocialSource(string source)
    {
        if (SocialSourceNames.Contains(source) || SocialSourceNames.Contains(FirstWord(source))) return true;
        // A source written as a domain ("facebook.com", "t.co") is matched like a referrer.
        return source.Contains('.') && HostRules.Normalise(source) is { } host && HostRules.Classify(host) == HostKind.Social;
    }

    private static bool IsEmailSource(string source) =>
        EmailSourceNames.Contains(source) || EmailSourceNames.Contains(FirstWord(source));

    // "facebook_ads", "fb-story", "newsletter 2024" name the network in their first word.
    private static string FirstWord(string source)
    {
        var end = source.AsSpan().IndexOfAny('_', '-', ' ');
        return end > 0 ? source[..end] : source;
    }

    private static string? Lower(string? value)
    {
        if (value is null) return null;
        var trimmed = value.Trim();
        return trimmed.Length == 0 ? null : trimmed.ToLowerInvariant();
    }

    private static bool Has(HashSet<string> set, string? value) => value is not null && set.Contains(value);

    private static HashSet<string> Set(params string[] values) => new(values, StringComparer.OrdinalIgnoreCase);
}
