// What a read of the dashboard's own notes under a folder left alone (keys that are not notes, or
// too large to read), said in the log once, and again only when it changes: a read tried again
// every few seconds must not fill the log.

export class LeftAlone {
  private said = '';

  /** `what`: the notes, in words ("keep-alive intents"); `more`: anything else to say, or ''. */
  tell(
    folder: string,
    what: string,
    notRead: { count: number; first: string[] },
    unreadable: string[],
    more = '',
  ): void {
    const count = notRead.count + unreadable.length;
    const named = [...notRead.first, ...unreadable.slice(0, 20)].join(', ');
    const said = [
      count
        ? `${count} keys under ${folder} are not ${what} or too large to read; left alone: ${named}`
        : '',
      more,
    ]
      .filter(Boolean)
      .join('; ');
    if (said && said !== this.said) console.error(`lease dashboard: ${said}`);
    this.said = said;
  }
}
