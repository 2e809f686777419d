using System.Globalization;
using System.Text;

namespace Nurture.Scoring.Tests.Predictive;

/// <summary>
/// Generated training data with a known signal: conversion depends on pricing interest and on a
/// decision-maker job title, plus noise; every other column is noise. A model must find the two.
/// </summary>
internal static class SyntheticLeads
{
    private static readonly string[] Titles = ["CTO", "CEO", "VP Sales", "Engineer", "Student", "Intern", "Marketing Manager", "Select", ""];
    private static readonly string[] DecisionMakers = ["CTO", "CEO", "VP Sales"];
    private static readonly string[] Countries = ["日本", "Deutschland", "France", "USA", "", "N/A"];
    private static readonly string[] Channels = ["organic_search", "paid_search", "email", "direct", "social"];

    public sealed record Lead(double PricingInterest, string JobTitle, bool Converted, Random Noise);

    public static IEnumerable<Lead> Leads(int count, int seed = 7)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var pricing = Math.Round(random.NextDouble() < 0.3 ? 0 : random.NextDouble() * 60, 1);
            var title = Titles[random.Next(Titles.Length)];
            var logit = -2.5 + 0.06 * pricing + (DecisionMakers.Contains(title) ? 2.2 : 0) + Gaussian(random) * 0.5;
            yield return new Lead(pricing, title, random.NextDouble() < 1 / (1 + Math.Exp(-logit)), random);
        }
    }

    /// <summary>A CSV with the label, the two signal columns and <paramref name="noiseColumns"/> noise columns (numbers, categories, blanks).</summary>
    public static string Csv(int rows, int noiseColumns = 37, int seed = 7)
    {
        var csv = new StringBuilder();
        csv.Append("converted,Pricing interest,Job Title,country");
        for (var c = 0; c < noiseColumns; c++) csv.Append(c % 2 == 0 ? $",noise_num_{c}" : $",noise_cat_{c}");
        csv.Append("\r\n");
        foreach (var lead in Leads(rows, seed))
        {
            var r = lead.Noise;
            csv.Append(lead.Converted ? (r.Next(2) == 0 ? "won" : "1") : (r.Next(2) == 0 ? "lost" : "0"));
            csv.Append(',').Append(lead.PricingInterest.ToString(CultureInfo.InvariantCulture));
            csv.Append(',').Append(lead.JobTitle);
            csv.Append(',').Append(Countries[r.Next(Countries.Length)]);
            for (var c = 0; c < noiseColumns; c++)
            {
                csv.Append(',');
                if (r.NextDouble() < 0.1) continue; // blank
                csv.Append(c % 2 == 0 ? r.Next(1000).ToString(CultureInfo.InvariantCulture) : Channels[r.Next(Channels.Length)]);
            }
            csv.Append("\r\n");
        }
        return csv.ToString();
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
