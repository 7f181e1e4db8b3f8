// Package account holds units, users, roles, sessions, API tokens, sign-in
// throttling, the audit log and the authorization policy every other
// package asks.
//
// # Units and roles
//
// Every person belongs to one unit (单位); a unit's kind is its place in the
// mechanism linking administrative procuratorial work (行政检察) with
// administrative enforcement supervision (行政执法监督):
//
//   - rule_of_law_office, 区委依法治区办: leads the leading group (领导小组),
//     convenes joint meetings, runs the monthly assessment (一月一晒绩);
//   - procuratorate, 区检察院: administrative procuratorial supervision;
//     alone issues 检察建议书 (procuratorial suggestions);
//   - justice_bureau, 区司法局: administrative reconsideration (行政复议) and
//     enforcement supervision; asks (提请) 区政府 for supervision opinions;
//   - government, 区政府: issues 行政执法监督意见书 on the justice bureau's
//     request;
//   - party_committee, 区委: receives a report (报告) when an agency ignores
//     a suggestion;
//   - discipline_commission, 区纪委监委: receives a letter (函告) in the same
//     case;
//   - agency (区人社局, 区市场监管局 …): the supervised enforcement agencies,
//     owners of most action items. An agency sees what is addressed to it and
//     its own items, never the procuratorate–justice-bureau register text.
//
// Roles: admin runs the instance; secretary (leading-group office staff)
// schedules meetings, records minutes and manages cases; member is a unit's
// liaison, answering invitations and reporting on the unit's action items;
// leader has a read-only overview of everything that is not classified.
//
// # Sensitivity (密级)
//
// Ordinary (普通) information travels online; sensitive (敏感) and
// classified (涉密) information travels offline only (线下运转). A record
// marked sensitive or classified keeps only its register entry (number,
// dates, units, who holds the paper file): its content never enters the
// database's free-text fields, a feed, an email, an export, a webhook or a
// log. ContentError enforces the first; each output path the rest.
package account
