package io.stagegate.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.stagegate.audit.AuditExport.AuditFile;
import io.stagegate.audit.AuditExport.ControlMapping;
import io.stagegate.audit.AuditExport.Decision;
import io.stagegate.audit.AuditExport.Deliverable;
import io.stagegate.audit.AuditExport.HistoryEntry;
import io.stagegate.audit.AuditExport.KpiResult;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.web.util.HtmlUtils;

/**
 * The audit file as one self-contained, printable HTML document: no scripts, no external style sheets or fonts, so
 * that it reads the same when archived years later. Every stored value is HTML-escaped.
 */
final class AuditFileHtml {

    private static final Map<String, Map<String, String>> LABELS = Map.ofEntries(
            label("title", "Audit file", "审计档案"),
            label("project", "Project", "项目"),
            label("exported", "Exported", "导出时间"),
            label("by", "by", "导出人"),
            label("industry", "Industry", "行业"),
            label("status", "Status", "状态"),
            label("currentPhase", "Current phase", "当前阶段"),
            label("chain", "Hash chain", "哈希链"),
            label("valid", "Verifies", "校验通过"),
            label("broken", "BROKEN at seq", "断裂于序号"),
            label("events", "Events", "事件数"),
            label("lastHash", "Newest link (anchor)", "最新链节（锚点）"),
            label("decisions", "Gate decisions", "关口决策"),
            label("phase", "Phase", "阶段"),
            label("iteration", "Iteration", "迭代"),
            label("decision", "Decision", "决策"),
            label("decidedBy", "Decided by", "决策人"),
            label("at", "At", "时间"),
            label("comment", "Comment", "意见"),
            label("evidence", "Evidence", "证据"),
            label("deliverables", "Deliverables", "交付物"),
            label("type", "Type", "类型"),
            label("version", "Version", "版本"),
            label("title2", "Title", "标题"),
            label("submittedBy", "Submitted by", "提交人"),
            label("kpis", "KPI results", "KPI 结果"),
            label("metric", "Metric", "指标"),
            label("target", "Target", "目标"),
            label("measured", "Measured", "实测"),
            label("met", "Met", "达标"),
            label("yes", "yes", "是"),
            label("no", "no", "否"),
            label("controls", "Confirmed checks and their controls", "已确认检查项及其控制"),
            label("check", "Check", "检查项"),
            label("control", "Controls", "控制"),
            label("confirmedBy", "Confirmed by", "确认人"),
            label("history", "History", "历史"),
            label("actor", "Actor", "操作人"),
            label("event", "Event", "事件"),
            label("details", "Details", "详情"),
            label("hash", "Hash", "哈希"));

    private final StringBuilder out = new StringBuilder(64 * 1024);
    private final boolean chinese;

    private AuditFileHtml(Locale locale) {
        this.chinese = locale != null && "zh".equals(locale.getLanguage());
    }

    static String render(AuditFile file, Locale locale) {
        return new AuditFileHtml(locale).document(file);
    }

    private String document(AuditFile file) {
        out.append("<!DOCTYPE html>\n<html lang=\"")
                .append(chinese ? "zh-CN" : "en")
                .append("\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(esc(t("title") + " – " + file.project().name()))
                .append("</title>\n<style>\n")
                .append("body{font-family:sans-serif;font-size:10pt;margin:2em}")
                .append("table{border-collapse:collapse;width:100%;margin-bottom:1.5em}")
                .append("th,td{border:1px solid #999;padding:3px 5px;text-align:left;vertical-align:top}")
                .append("th{background:#eee}code,pre{font-family:monospace;font-size:8.5pt;word-break:break-all;")
                .append("white-space:pre-wrap;margin:0}h2{page-break-after:avoid}tr{page-break-inside:avoid}")
                .append(".broken{color:#b00;font-weight:bold}\n</style>\n</head>\n<body>\n");
        h1(t("title") + ": " + file.project().name());
        table(
                List.of(t("project"), t("industry"), t("status"), t("currentPhase"), t("exported")),
                List.of(List.of(
                        file.project().id(),
                        file.project().industry(),
                        file.project().status(),
                        String.valueOf(file.project().currentPhaseName()),
                        file.exportedAt() + " " + t("by") + " " + file.exportedBy())));

        h2(t("chain"));
        out.append("<p>");
        if (file.chain().valid()) {
            out.append(esc(t("valid"))).append(": ").append(esc(t("yes")));
        } else {
            out.append("<span class=\"broken\">")
                    .append(esc(t("broken") + " " + file.chain().firstBrokenSeq()))
                    .append("</span>");
        }
        out.append(" · ")
                .append(esc(t("events")))
                .append(": ")
                .append(file.chain().events())
                .append(" · ")
                .append(esc(t("lastHash")))
                .append(": <code>")
                .append(file.chain().lastSeq())
                .append(" / ")
                .append(esc(String.valueOf(file.chain().lastHash())))
                .append("</code></p>\n");

        h2(t("decisions"));
        for (Decision d : file.gateDecisions()) {
            table(
                    List.of(t("phase"), t("iteration"), t("decision"), t("decidedBy"), t("at"), t("comment")),
                    List.of(List.of(
                            d.phaseName(),
                            Integer.toString(d.iteration()),
                            d.decision() + (d.loopTo() == null ? "" : " → " + d.loopTo()),
                            d.decidedBy(),
                            d.decidedAt().toString(),
                            d.comment() == null ? "" : d.comment())));
            out.append("<p>").append(esc(t("evidence"))).append(":</p>\n<pre>");
            out.append(esc(pretty(d.evidence()))).append("</pre>\n");
        }

        h2(t("deliverables"));
        table(
                List.of(t("phase"), t("type"), t("version"), t("title2"), "SHA-256", t("submittedBy"), t("at")),
                file.deliverables().stream()
                        .map((Deliverable d) -> List.of(
                                d.phaseName(),
                                d.typeName() + " (" + d.type() + ")",
                                Integer.toString(d.version()),
                                d.title() + (d.uri() == null ? "" : " — " + d.uri()),
                                d.sha256(),
                                d.submittedBy(),
                                d.submittedAt().toString()))
                        .toList());

        h2(t("kpis"));
        table(
                List.of(t("phase"), t("iteration"), t("metric"), t("target"), t("measured"), t("met")),
                file.kpiResults().stream()
                        .map((KpiResult k) -> List.of(
                                k.phaseName(),
                                Integer.toString(k.iteration()),
                                k.metric(),
                                k.direction() + " " + k.target() + (k.unit() == null ? "" : " " + k.unit()),
                                k.measured() == null ? "–" : k.measured().toString(),
                                k.met() == null ? "–" : k.met() ? t("yes") : t("no")))
                        .toList());

        h2(t("controls"));
        table(
                List.of(t("phase"), t("check"), t("control"), t("evidence"), t("confirmedBy"), t("at")),
                file.controls().stream()
                        .map((ControlMapping c) -> List.of(
                                c.phaseName() + " #" + c.iteration(),
                                c.checkName() + " (" + c.checkKey() + ")",
                                String.join(", ", c.controls()),
                                c.evidence() == null ? "" : c.evidence(),
                                c.confirmedBy(),
                                c.confirmedAt().toString()))
                        .toList());

        h2(t("history"));
        table(
                List.of("#", t("at"), t("actor"), t("event"), t("phase"), t("details"), t("hash")),
                file.history().stream()
                        .map((HistoryEntry e) -> List.of(
                                Long.toString(e.seq()),
                                e.at().toString(),
                                e.actor(),
                                e.type(),
                                e.phase() == null ? "" : e.phase(),
                                e.details().toString(),
                                e.hash()))
                        .toList());
        out.append("</body>\n</html>\n");
        return out.toString();
    }

    private void h1(String text) {
        out.append("<h1>").append(esc(text)).append("</h1>\n");
    }

    private void h2(String text) {
        out.append("<h2>").append(esc(text)).append("</h2>\n");
    }

    private void table(List<String> head, List<List<String>> rows) {
        out.append("<table>\n<tr>");
        head.forEach(h -> out.append("<th>").append(esc(h)).append("</th>"));
        out.append("</tr>\n");
        for (List<String> row : rows) {
            out.append("<tr>");
            row.forEach(cell -> out.append("<td>").append(esc(cell)).append("</td>"));
            out.append("</tr>\n");
        }
        out.append("</table>\n");
    }

    private String t(String key) {
        return LABELS.get(key).get(chinese ? "zh" : "en");
    }

    private static String pretty(JsonNode node) {
        return node == null ? "" : node.toPrettyString();
    }

    private static String esc(String text) {
        return text == null ? "" : HtmlUtils.htmlEscape(text, "UTF-8");
    }

    private static Map.Entry<String, Map<String, String>> label(String key, String en, String zh) {
        return Map.entry(key, Map.of("en", en, "zh", zh));
    }
}
