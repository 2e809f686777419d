using Nurture.Abstractions;
using Nurture.Ingest.Wire;

namespace Nurture.Ingest.Tests.Wire;

/// <summary>Where a refused event's problem is, as the API's errors and /collect's answer name it.</summary>
public sealed class RejectionPathTests
{
    [Theory]
    [InlineData(0, "visitorId", "$[0].visitorId")]
    [InlineData(3, "", "$[3]")]
    [InlineData(-1, "", "$")]
    [InlineData(0, "traits.owner", "$[0].traits.owner")]
    [InlineData(1, "traits.Company Name", "$[1].traits['Company Name']")]
    [InlineData(0, "props.utm.source", "$[0].props['utm.source']")]
    [InlineData(2, "traits.会社名", "$[2].traits['会社名']")]
    public void Path_FromIndexAndField_IsAJsonPathIntoTheBatch(int index, string field, string expected) =>
        Assert.Equal(expected, new Rejection(index, field, "why").Path);

    [Fact]
    public void CollectBatch_DroppedTrait_IsPlacedUnderItsEvent()
    {
        var body = """[{"siteKey":"s","visitorId":"v","type":"page_view"},{"siteKey":"s","visitorId":"v","type":"identify","email":"a@b.example","traits":{"owner":"x"}}]""";
        var refused = Assert.Single(CollectBatchParser.Parse(System.Text.Encoding.UTF8.GetBytes(body)).Rejected);
        Assert.Equal("$[1].traits.owner", refused.Path);
    }

    [Theory]
    [InlineData("company", "$.company")]
    [InlineData("_x9", "$._x9")]
    [InlineData("9lives", "$['9lives']")]
    [InlineData("it's", "$['it\\'s']")]
    [InlineData("back\\slash", "$['back\\\\slash']")]
    [InlineData("line\nbreak", "$['line\\nbreak']")]
    [InlineData("\u0001", "$['\\u0001']")]
    [InlineData("", "$['']")]
    public void Member_NameThatIsNotPlain_GoesInBracketsEscaped(string name, string expected) =>
        Assert.Equal(expected, JsonPath.Member(JsonPath.Root, name));

    [Fact]
    public void Index_AfterAMember_ReadsAsAPath() =>
        Assert.Equal("$.rules[1].points", JsonPath.Member(JsonPath.Index(JsonPath.Member("$", "rules"), 1), "points"));
}
