using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Nurture.Abstractions.Leads;
using Nurture.Email.Outbox;
using Nurture.Email.Sending;
using Nurture.Email.Templates;
using Nurture.Email.Tests.Templates;
using Nurture.Email.Tracking;
using Nurture.Scoring;
using Nurture.Scoring.Model;

namespace Nurture.Email.Tests.Outbox;

/// <summary>A template and a lead made into a send: tracked links, open pixel, unsubscribe, consent. No database.</summary>
public sealed class EmailComposerTests
{
    private const string PublicUrl = "https://nurture.example/";
    private static readonly Guid SendId = Guid.Parse("0b9f6c2e-5d4a-4c3b-8a29-1e0f7d6c5b4a");
    private readonly EmailTokens tokens = new(RandomNumberGenerator.GetBytes(32));
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 12, 7, 9, 30, 0, TimeSpan.Zero));

    private EmailComposer Composer(bool requireConsent = false)
    {
        var email = Options.Create(new EmailOptions { PublicUrl = PublicUrl, RequireConsent = requireConsent, AllowedFromAddresses = ["news@shop.example"] });
        var senders = new SenderAddresses(email, Options.Create(new SmtpOptions { From = "hello@shop.example" }), NullLogger<SenderAddresses>.Instance);
        return new(tokens, new TemplateRenderer(time), senders, email, new StaticScoringModelSource(ScoringModelParser.Default()), time, NullLogger<EmailComposer>.Instance);
    }

    private static EmailTemplate Template(string html) =>
        new("welcome", "Welcome", "Hello {{ lead.traits.first_name }}", html, "Hi", 1, DateTimeOffset.UnixEpoch);

    [Fact]
    public void Compose_Links_GoThroughSignedRedirects_AndAPixelIsAdded_BeforeTheBodyEnds()
    {
        var lead = Leads.With(("first_name", "Kim"));

        var email = Composer().Compose(lead, Template("""<html><body><a href="https://shop.example/p">p</a></body></html>"""), SendId, "api")!;

        Assert.Equal(EmailOutbox.Queued, email.Status);
        Assert.Equal("kim@northwind.example", email.To);
        Assert.Equal("Hello Kim", email.Subject);
        Assert.Equal(["https://shop.example/p"], email.Links);
        Assert.Contains($"href=\"https://nurture.example/e/c/{tokens.Create(TokenKind.Click, SendId, lead.Id, 0)}\"", email.Html);
        Assert.EndsWith($"<img src=\"https://nurture.example/e/o/{tokens.Create(TokenKind.Open, SendId, lead.Id)}.gif\" width=\"1\" height=\"1\" alt=\"\" /></body></html>", email.Html);
        Assert.Equal($"https://nurture.example/e/u/{tokens.Create(TokenKind.Unsubscribe, SendId, lead.Id)}", email.UnsubscribeUrl);
        Assert.Equal("Asia/Tokyo", email.TimeZone);
    }

    [Fact]
    public void Compose_TheUnsubscribeLinkInTheTemplate_IsNotTracked()
    {
        var email = Composer().Compose(Leads.With(), Template("""<a href="{{ unsubscribe_url }}">stop</a>"""), SendId, "api")!;

        Assert.Empty(email.Links);
        Assert.Contains($"href=\"{email.UnsubscribeUrl}\"", email.Html);
    }

    [Fact]
    public void Compose_LeadWithoutAnAddress_IsNothingToSend() =>
        Assert.Null(Composer().Compose(new LeadState { Id = Guid.NewGuid() }, Template("x"), SendId, "api"));

    [Fact]
    public void Compose_LeadWhoSaidNo_IsRecordedAsSuppressed_WithTheReason()
    {
        var lead = Leads.With();
        lead.Consent = new ConsentState(ConsentState.Denied, "form", DateTimeOffset.UnixEpoch);

        var email = Composer().Compose(lead, Template("x"), SendId, "api")!;

        Assert.Equal(EmailOutbox.Suppressed, email.Status);
        Assert.Equal("no consent: the lead said no (form)", email.LastError);
    }

    [Fact]
    public void Compose_WhenConsentIsRequired_OnlyGrantedLeadsAreMailed()
    {
        var unknown = Leads.With();
        var granted = Leads.With();
        granted.Consent = new ConsentState(ConsentState.Granted, "form", DateTimeOffset.UnixEpoch);

        Assert.Equal(EmailOutbox.Suppressed, Composer(requireConsent: true).Compose(unknown, Template("x"), SendId, "api")!.Status);
        Assert.Equal(EmailOutbox.Queued, Composer(requireConsent: true).Compose(granted, Template("x"), SendId, "api")!.Status);
        Assert.Equal(EmailOutbox.Queued, Composer().Compose(unknown, Template("x"), SendId, "api")!.Status);
    }

    [Fact]
    public void Compose_TemplateThatBreaksForThisLead_IsRecordedAsFailed_NotThrown()
    {
        var email = Composer().Compose(Leads.With(), Template("{% for i in (1..100000000) %}x{% endfor %}"), SendId, "flow:f:s")!;

        Assert.Equal(EmailOutbox.Failed, email.Status);
        Assert.StartsWith("template html: ", email.LastError);
    }

    [Fact]
    public void Compose_LinksInThePlainTextPart_AreTrackedLikeTheHtmlOnes_AndTheUnsubscribeLinkIsNot()
    {
        var lead = Leads.With();
        var template = new EmailTemplate("welcome", "Welcome", "Hi", """<a href="https://shop.example/p">p</a>""",
            "Plans: https://shop.example/p.\nDocs (https://docs.example/start?a=1&b=2)\nStop: {{ unsubscribe_url }}", 1, DateTimeOffset.UnixEpoch);

        var email = Composer().Compose(lead, template, SendId, "api")!;

        Assert.Equal(["https://shop.example/p", "https://docs.example/start?a=1&b=2"], email.Links);
        var click = (int i) => $"https://nurture.example/e/c/{tokens.Create(TokenKind.Click, SendId, lead.Id, i)}";
        Assert.Equal($"Plans: {click(0)}.\nDocs ({click(1)})\nStop: {email.UnsubscribeUrl}", email.Text);
    }

    [Fact]
    public void Compose_TheTemplatesSender_IsCarried_AndAnAddressNoLongerAllowed_FallsBackToTheDefault()
    {
        var allowed = Template("x") with { FromAddress = "news@shop.example", FromName = "Shop News", ReplyTo = "help@shop.example" };
        var removed = Template("x") with { FromAddress = "old@shop.example", FromName = "Old" };

        Assert.Equal(new Sender("news@shop.example", "Shop News", "help@shop.example"), Composer().Compose(Leads.With(), allowed, SendId, "api")!.Sender);
        Assert.Equal(new Sender(null, "Old", null), Composer().Compose(Leads.With(), removed, SendId, "api")!.Sender);
        Assert.Null(Composer().Compose(Leads.With(), Template("x"), SendId, "api")!.Sender);
    }

    [Fact]
    public void ComposeTest_GoesToTheGivenAddress_MarkedAsATest_WhateverTheLeadsConsent()
    {
        var lead = Leads.With(("first_name", "Kim"));
        lead.Consent = new ConsentState(ConsentState.Denied, "form", DateTimeOffset.UnixEpoch);

        var email = Composer(requireConsent: true).ComposeTest(lead, Template("""<a href="https://shop.example/p">p</a>"""), SendId, "test:bootstrap", "me@office.example");

        Assert.True(email.IsTest);
        Assert.Equal(EmailOutbox.Queued, email.Status);
        Assert.Equal("me@office.example", email.To);
        Assert.Equal("[Test] Hello Kim", email.Subject);
        Assert.Equal(["https://shop.example/p"], email.Links);
    }

    [Fact]
    public void Compose_ThePreheader_IsTheHiddenFirstTextOfTheBody()
    {
        var template = Template("<html><body><p>Visible</p></body></html>") with { Preheader = "Only for {{ lead.traits.first_name }} <b>" };

        var email = Composer().Compose(Leads.With(("first_name", "Kim")), template, SendId, "api")!;

        Assert.Matches("^<html><body><div class=\"preheader\" style=\"display:none;[^\"]*\">Only for Kim &lt;b&gt;(&zwnj;&nbsp;)+</div><p>Visible</p>", email.Html);
        Assert.Equal("Hi", email.Text);
    }
}
