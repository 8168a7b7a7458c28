using System.Text;
using Huduma.Contact.Core.Register;
using Huduma.Contact.Core.Register.Import;
using Huduma.Contact.Core.Reminders;

namespace Huduma.Contact.Core.Tests;

public sealed class RegisterImportTests
{
    private readonly ReminderRig _rig = new();
    private RegisterImporter Importer => new(_rig.Content, _rig.Register, _rig.Updates);

    private static Stream File(params string[] lines) => new MemoryStream(Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n"));

    private static string Row(int i, string status = "ready", string phone = "07220{0:D5}", string centre = "nairobi-gpo",
        string type = "national_id", string readyOn = "2026-11-27") =>
        $"{type},{30_000_000 + i},Holder {i},{string.Format(phone, i)},{centre},{status},WC{100_000 + i},2026-10-01,{readyOn},";

    [Fact]
    public async Task A_good_file_is_imported_and_each_document_found_by_number_and_by_phone()
    {
        var report = await Importer.ImportAsync(File(RegisterCsv.Header, Row(1), Row(2, "in_process", readyOn: ""), "\"national_id\",30000003,\"Otieno, Brian\",+254722000003;0733000003,kisumu,collected,wc100003,2026-10-01,2026-10-20,2026-11-02"), dryRun: false);
        Assert.Equal((3, 3, 0, 0, 0), (report.Rows, report.Created, report.Updated, report.Unchanged, report.Bad.Count));

        var quoted = await _rig.Register.FindAsync("national_id", "30000003");
        Assert.Equal("Otieno, Brian", quoted?.HolderName);
        Assert.Equal(["+254722000003", "+254733000003"], quoted?.Phones);
        Assert.Equal((DocumentStatus.Collected, "WC100003", new DateOnly(2026, 11, 2)), (quoted!.Status, quoted.WaitingCardRef, quoted.CollectedOn));
        Assert.Single(await _rig.Register.FindByPhoneAsync("+254733000003"));
        Assert.Equal(DocumentStatus.InProcess, (await _rig.Register.FindAsync("national_id", "30000002"))?.Status);
    }

    [Fact]
    public async Task Importing_the_same_file_again_changes_nothing()
    {
        string[] lines = [RegisterCsv.Header, .. Enumerable.Range(1, 50).Select(i => Row(i))];
        await Importer.ImportAsync(File(lines), dryRun: false);
        var queued = await _rig.Reminders.CountAsync(_rig.Clock.GetUtcNow().AddHours(1));
        var again = await Importer.ImportAsync(File(lines), dryRun: false);
        Assert.Equal((50, 0, 0, 50), (again.Rows, again.Created, again.Updated, again.Unchanged));
        Assert.Equal(queued, await _rig.Reminders.CountAsync(_rig.Clock.GetUtcNow().AddHours(1)));
        Assert.Equal(50, await _rig.Register.CountAsync());
    }

    [Fact]
    public async Task Bad_rows_are_reported_with_their_line_and_reason_and_the_good_ones_imported()
    {
        var report = await Importer.ImportAsync(File(
            RegisterCsv.Header,
            Row(1),                                  // line 2: good
            Row(2, phone: "07220"),                  // 3: bad phone
            Row(3, centre: "atlantis"),              // 4: unknown centre
            Row(4, type: "passport"),                // 5: unknown type
            Row(1),                                  // 6: duplicate of line 2
            Row(5, status: "lost"),                  // 7: unknown status
            Row(6, readyOn: "27/11/2026"),           // 8: bad date
            "national_id,ABC,Holder,0722000007,nairobi-gpo,ready,WC1,,,", // 9: bad number
            "national_id,30000008,,0722000008,nairobi-gpo,ready,WC1,,,",  // 10: no holder name
            "",
            Row(9)), dryRun: false);                 // 12: good (the empty line is skipped, not refused)

        Assert.Equal(2, report.Created);
        var reasons = report.Bad.ToDictionary(b => b.Line, b => b.Reason);
        Assert.Equal([3, 4, 5, 6, 7, 8, 9, 10], reasons.Keys.Order());
        Assert.Contains("bad phone", reasons[3]);
        Assert.DoesNotContain("07220", reasons[3].Replace("07220**", "")); // the phone is masked
        Assert.Contains("unknown centre 'atlantis'", reasons[4]);
        Assert.Contains("unknown type 'passport'", reasons[5]);
        Assert.Contains("duplicate", reasons[6]);
        Assert.Contains("line 2", reasons[6]);
        Assert.Contains("unknown status 'lost'", reasons[7]);
        Assert.Contains("bad ready_on", reasons[8]);
        Assert.Contains("bad number", reasons[9]);
        Assert.Contains("missing holder_name", reasons[10]);
        Assert.NotNull(await _rig.Register.FindAsync("national_id", "30000009"));
    }

    [Fact]
    public async Task A_dry_run_reports_what_would_change_and_writes_nothing()
    {
        await Importer.ImportAsync(File(RegisterCsv.Header, Row(1)), dryRun: false);
        var report = await Importer.ImportAsync(File(RegisterCsv.Header, Row(1), Row(1, "collected"), Row(2), Row(3, centre: "nowhere")), dryRun: true);
        Assert.True(report.DryRun);
        Assert.Equal((1, 0, 1, 2), (report.Created, report.Updated, report.Unchanged + report.Updated, report.Bad.Count));
        Assert.Equal(1, await _rig.Register.CountAsync());
        Assert.Null(await _rig.Register.FindAsync("national_id", "30000002"));
    }

    [Fact]
    public async Task A_file_without_the_required_columns_is_refused_naming_them()
    {
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => Importer.ImportAsync(File("number,name,phone", "1,a,0722000001"), dryRun: false));
        Assert.Contains("type", e.Message);
        Assert.Contains("centre", e.Message);
        Assert.Equal(0, await _rig.Register.CountAsync());
    }

    [Fact]
    public async Task A_semicolon_separated_file_with_a_byte_order_mark_and_headers_in_any_case_is_read()
    {
        var text = "\uFEFFType;Number;Holder_Name;Phone;Centre;Status;Waiting_Card_Ref\nnational_id;30000001;Wanjiku;0722000001;nairobi-gpo;Ready;WC1\n";
        var report = await Importer.ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), dryRun: false);
        Assert.Equal((1, 0), (report.Created, report.Bad.Count));
    }

    [Fact]
    public async Task A_document_imported_in_process_then_ready_gets_its_first_reminder_queued()
    {
        await Importer.ImportAsync(File(RegisterCsv.Header, Row(1, "in_process", readyOn: "")), dryRun: false);
        Assert.False(await _rig.Reminders.IsQueuedAsync("national_id:30000001"));
        await Importer.ImportAsync(File(RegisterCsv.Header, Row(1)), dryRun: false);
        Assert.True(await _rig.Reminders.IsQueuedAsync("national_id:30000001"));
    }

    [Fact]
    public async Task An_import_stopped_midway_leaves_whole_documents_and_finishes_when_run_again()
    {
        string[] lines = [RegisterCsv.Header, .. Enumerable.Range(1, 5000).Select(i => Row(i))];
        using var stop = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new RegisterImporter(_rig.Content, _rig.Register, _rig.Updates).ImportAsync(File(lines), false, new SynchronousProgress(stop), stop.Token));
        var partial = await _rig.Register.CountAsync();
        Assert.InRange(partial, 1, 4999);
        // Every document written is whole.
        for (var i = 1; i <= 5000; i++)
            if (await _rig.Register.FindAsync("national_id", (30_000_000 + i).ToString()) is { } d)
                Assert.Equal(($"Holder {i}", $"WC{100_000 + i}", 1), (d.HolderName, d.WaitingCardRef, d.Phones.Count));
        var rerun = await Importer.ImportAsync(File(lines), dryRun: false);
        Assert.Equal(5000 - partial, rerun.Created);
        Assert.Equal(5000, await _rig.Register.CountAsync());
    }

    /// <summary>Cancels as soon as the first chunk is written (Progress&lt;T&gt; would report later, on the thread pool).</summary>
    private sealed class SynchronousProgress(CancellationTokenSource stop) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) { if (value.Rows >= 2000) stop.Cancel(); }
    }
}
