using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Workteam.AppHost.Tests;

/// <summary>Headless Chromium from the distribution's package (no browser download), driven by Playwright.</summary>
public static class Browser
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        return (playwright, browser);
    }

    /// <summary>How long a page may take to arrive after the click that asked for it, on a loaded two-core machine.</summary>
    private static readonly PageAssertionsToHaveURLOptions Arrival = new() { Timeout = 30_000 };

    /// <summary>
    /// Waits until the page's address matches <paramref name="pattern"/> and the page has loaded, typically after a
    /// click that navigates. Not <see cref="IPage.WaitForURLAsync(string, PageWaitForURLOptions)"/>: it reads the
    /// address and only then subscribes to navigations, and a click returns before its navigation commits, so a
    /// navigation delivered between the two is never seen and the wait times out with the page already there
    /// (microsoft/playwright-dotnet#3364). The assertion reads the address again until it matches; the load state
    /// is checked and subscribed to under one lock.
    /// </summary>
    public static async Task WaitForAddressAsync(IPage page, [StringSyntax(StringSyntaxAttribute.Regex)] string pattern)
    {
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(pattern), Arrival);
        await page.WaitForLoadStateAsync();
    }

    /// <summary>Waits until the page's address no longer matches <paramref name="pattern"/> (a form that sends the page on) and it has loaded.</summary>
    public static async Task WaitToLeaveAsync(IPage page, [StringSyntax(StringSyntaxAttribute.Regex)] string pattern)
    {
        await Assertions.Expect(page).Not.ToHaveURLAsync(new Regex(pattern), Arrival);
        await page.WaitForLoadStateAsync();
    }
}
