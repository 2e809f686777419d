using System.Text;
using Nurture.Scoring.Predictive;

namespace Nurture.Scoring.Tests.Predictive;

public sealed class TrainingChoiceTests
{
    private const string Deals = "Status,visits,email,notes\nClosed Won,5,a@x.example,x\nlost,1,b@x.example,y\nOpen,2,c@x.example,z\n won ,4,d@x.example,w\n,3,e@x.example,v\n";

    private static TrainingTable Read(string csv, TrainingChoice choice) => TrainingSpreadsheet.Read(Encoding.UTF8.GetBytes(csv), choice, fileName: "deals.csv");

    private static List<TrainingDataError> Refused(Action read) => [.. Assert.Throws<TrainingDataException>(read).Errors];

    [Fact]
    public void PositiveValues_MeanConverted_EveryOtherValueNot_BlanksAreSkipped()
    {
        var table = Read(Deals, new TrainingChoice("status", Positive: ["closed won", "WON"]));

        Assert.Equal([true, false, false, true], table.Rows.Select(r => r.Label));
        Assert.Equal(["closed won", "WON"], table.PositiveValues!);
        Assert.Null(table.NegativeValues);
        Assert.Equal(["row 6: "], table.Skipped.Single(s => s.Reason == "the outcome is blank").Examples);
        Assert.StartsWith("deals.csv: CSV", table.Source);
    }

    [Fact]
    public void NegativeValues_WhenGiven_LeaveOtherValuesOut()
    {
        var table = Read(Deals, new TrainingChoice("Status", Positive: ["Closed Won", "won"], Negative: ["Lost"]));

        Assert.Equal([true, false, true], table.Rows.Select(r => r.Label));
        Assert.Equal(["row 4: Open"], table.Skipped.Single(s => s.Reason == "the outcome is none of the values chosen").Examples);
    }

    [Fact]
    public void ExcludedColumns_AreNotLearntFrom_AndRemembered()
    {
        var table = Read(Deals, new TrainingChoice("Status", Positive: ["won"], Exclude: ["EMAIL", "notes"]));

        Assert.Equal(["visits"], table.Columns.Select(c => c.Name));
        Assert.Equal(["email", "notes"], table.ExcludedColumns);
        Assert.All(table.Rows, r => Assert.Single(r.Values));
    }

    [Fact]
    public void BadChoices_AreRefusedByField()
    {
        Assert.Equal("positive", Assert.Single(Refused(() => Read(Deals, new TrainingChoice("Status", Positive: [" "])))).Field);
        Assert.Equal("negative", Assert.Single(Refused(() => Read(Deals, new TrainingChoice("Status", Negative: ["lost"])))).Field);
        Assert.Contains("is also among", Assert.Single(Refused(() => Read(Deals, new TrainingChoice("Status", Positive: ["won"], Negative: [" WON"])))).Reason);

        var typo = Assert.Single(Refused(() => Read(Deals, new TrainingChoice("Status", Positive: ["wonn"]))));
        Assert.Equal("positive", typo.Field);
        Assert.Contains("\"wonn\" is not a value of column \"Status\"; its values are \"Closed Won\", \"lost\", \"Open\", \"won\"", typo.Reason);

        var exclude = Refused(() => Read(Deals, new TrainingChoice("Status", Positive: ["won"], Exclude: ["nope", "Status", ""])));
        Assert.All(exclude, e => Assert.Equal("exclude", e.Field));
        Assert.Contains("\"nope\" is not in the file", exclude[0].Reason);
        Assert.Contains("is the outcome column", exclude[1].Reason);
        Assert.Contains("leaves no column", Assert.Single(Refused(() => Read(Deals, new TrainingChoice("Status", Positive: ["won"], Exclude: ["visits", "email", "notes"])))).Reason);
    }

    [Fact]
    public void WithoutChosenValues_TheOutcomeIsReadAsYesNo_AsBefore()
    {
        var table = Read("converted,a\nyes,1\nmaybe,2\n0,3\n,4\n", new TrainingChoice("converted"));

        Assert.Equal([true, false], table.Rows.Select(r => r.Label));
        Assert.Equal(2, table.Skipped.Single(s => s.Reason.StartsWith("the label is not", StringComparison.Ordinal)).Count);
        Assert.Null(table.PositiveValues);
        Assert.Empty(table.ExcludedColumns);
    }
}
