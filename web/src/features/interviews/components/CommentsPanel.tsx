import { LoaderCircleIcon, MessageSquareIcon, StarIcon } from 'lucide-react'
import { useState } from 'react'

import { ErrorState } from '@/components/ErrorState'
import { FormField as Field } from '@/components/FormField'
import { Button } from '@/components/ui/button'
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { Skeleton } from '@/components/ui/skeleton'
import { Textarea } from '@/components/ui/textarea'
import { displayName } from '@/features/session/present'
import { UserAvatar } from '@/features/session/UserAvatar'
import { useServerForm } from '@/hooks/useServerForm'
import { sentence, type FieldErrors } from '@/lib/forms'
import { cn } from '@/lib/utils'

import type { Comment } from '../schema'
import { formatDateTime } from '../time'
import { useAddComment, useComments } from '../useComments'

const RATINGS = [1, 2, 3, 4, 5] as const
const ratingLabels: Record<number, string> = { 1: 'Poor', 2: 'Weak', 3: 'Fair', 4: 'Good', 5: 'Excellent' }

const COMMENT_FIELDS = ['content', 'rating'] as const
type CommentField = (typeof COMMENT_FIELDS)[number]

/**
 * Interviewers' and admins' notes with a 1–5 rating. Render it only for them: it requests the comments, which
 * candidates may not see (403).
 */
export function CommentsPanel({ interviewId }: { interviewId: string }) {
  const comments = useComments(interviewId, true)

  let list
  if (comments.data) {
    list =
      comments.data.comments.length === 0 ? (
        <p className="text-sm text-muted-foreground" data-testid="comments-empty">
          No comments yet. Add how the candidate did and a rating; candidates never see them.
        </p>
      ) : (
        <ul className="space-y-4">
          {comments.data.comments.map((comment) => (
            <CommentItem key={comment.id} comment={comment} />
          ))}
        </ul>
      )
  } else if (comments.isError) {
    list = <ErrorState error={comments.error} onRetry={() => void comments.refetch()} retrying={comments.isFetching} />
  } else {
    list = <Skeleton className="h-20 w-full" />
  }

  return (
    <Card data-testid="comments">
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <MessageSquareIcon className="size-4" />
          Comments
        </CardTitle>
        <CardDescription>Visible to interviewers and admins only.</CardDescription>
      </CardHeader>
      <CardContent className="space-y-6">
        {list}
        <CommentForm interviewId={interviewId} />
      </CardContent>
    </Card>
  )
}

function Stars({ rating, className }: { rating: number; className?: string }) {
  return (
    <span className={cn('flex items-center gap-0.5', className)} role="img" aria-label={`Rating ${rating} of 5`} data-rating={rating}>
      {RATINGS.map((n) => (
        <StarIcon
          key={n}
          aria-hidden="true"
          className={cn('size-3.5', n <= rating ? 'fill-amber-400 text-amber-400' : 'text-muted-foreground/40')}
        />
      ))}
    </span>
  )
}

function CommentItem({ comment }: { comment: Comment }) {
  return (
    <li className="flex gap-3" data-testid="comment" data-id={comment.id}>
      <UserAvatar user={comment.author} className="size-8" />
      <div className="min-w-0 flex-1 space-y-1">
        <div className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm">
          <span className="font-medium">{displayName(comment.author)}</span>
          <Stars rating={comment.rating} />
          <span className="text-xs text-muted-foreground">{formatDateTime(comment.createdAt)}</span>
        </div>
        <p className="text-sm whitespace-pre-wrap" data-testid="comment-text">
          {comment.content}
        </p>
      </div>
    </li>
  )
}

function CommentForm({ interviewId }: { interviewId: string }) {
  const add = useAddComment(interviewId)
  const [content, setContent] = useState('')
  const [rating, setRating] = useState(0)
  const form = useServerForm<CommentField>({ fields: COMMENT_FIELDS })
  const { errors } = form

  const validate = () => {
    const local: FieldErrors<CommentField> = {}
    if (!content.trim()) local.content = 'Write a comment'
    if (rating < 1) local.rating = 'Choose a rating from 1 to 5'
    return local
  }

  const send = async () => {
    await add.mutateAsync({ content: content.trim(), rating })
    setContent('')
    setRating(0)
  }

  return (
    <form noValidate onSubmit={form.handleSubmit(validate, send)} className="space-y-4 border-t pt-5" data-testid="comment-form">
      <Field name="content" label="Your comment" htmlFor="comment-content-input" error={errors.content}>
        <Textarea
          id="comment-content-input"
          value={content}
          rows={3}
          placeholder="Strengths, concerns, how they approached the problem…"
          {...form.aria('content')}
          data-testid="comment-content"
          onChange={(event) => {
            setContent(event.target.value)
            form.clearErrors('content')
          }}
        />
      </Field>
      <Field name="rating" label="Rating" error={errors.rating}>
        <div className="flex items-center gap-1" role="radiogroup" aria-label="Rating">
          {RATINGS.map((n) => (
            <button
              key={n}
              type="button"
              role="radio"
              aria-checked={rating === n}
              aria-label={`${n} of 5: ${ratingLabels[n] ?? ''}`}
              title={ratingLabels[n]}
              data-testid={`comment-rating-${n}`}
              className="rounded-sm p-0.5 outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50"
              onClick={() => {
                setRating(n)
                form.clearErrors('rating')
              }}
            >
              <StarIcon
                className={cn('size-6 transition-colors', n <= rating ? 'fill-amber-400 text-amber-400' : 'text-muted-foreground/50')}
              />
            </button>
          ))}
          {rating > 0 ? <span className="ml-2 text-sm text-muted-foreground">{ratingLabels[rating]}</span> : null}
        </div>
      </Field>
      {form.formError ? (
        <p className="text-sm text-destructive" role="alert" data-testid="comment-error">
          {sentence(form.formError)}
        </p>
      ) : null}
      <div className="flex justify-end">
        <Button type="submit" disabled={form.pending} data-testid="comment-submit">
          {form.pending ? <LoaderCircleIcon className="animate-spin" /> : null}
          Add comment
        </Button>
      </div>
    </form>
  )
}
